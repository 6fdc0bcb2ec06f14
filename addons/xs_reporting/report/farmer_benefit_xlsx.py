from odoo import _, models
from odoo.tools import SQL

from .xlsx_common import (
    HEADER_ROW,
    cn_date,
    join_declaration,
    print_ready,
    selection_labels,
    start_table,
    stream,
    township_order,
    write_campaigns,
    xl,
)

COUNT = "#,##0"
# Columns of the households linked (of which poverty-alleviated, monitored) and the sales.
HOUSEHOLDS_COL, POVERTY_COL, MONITORED_COL, SALES_COL = 5, 6, 7, 8


class FarmerBenefitXlsx(models.AbstractModel):
    """R18: who benefited (消费帮扶带动农户增收情况表): per declaration that sold in the
    period, the selling entity, the households linked to it (of which poverty-alleviated
    and monitored), the sales counted on the campaign's basis (platform orders and verified
    off-platform purchases), sales per linked household, and the share of the sales that
    reached poverty-alleviated and monitored households. That share is apportioned pro rata
    to the declaration's household counts (sales x poverty-alleviated / linked households),
    as the return states under its table; all derived cells are formulas. Read under the
    user's record rules (a township sees its own)."""

    _name = "report.xs_reporting.farmer_benefit_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Farmers' Benefit Return (Excel)"

    def generate_xlsx_report(self, workbook, data, campaigns):
        write_campaigns(self, workbook, data, campaigns)

    def _xs_query(self, options):
        """One query of the return's rows in its order: per declaration that sold in the
        period, its counted sales in CNY (the sales analysis under the user's record
        rules, the one owner of counted amounts) and what the columns show, for the
        declarations the user may read."""
        Analysis = self.env["xs.sales.analysis"]
        sales = Analysis._search(options.counted_domain() + [("is_catalogue", "=", True)])
        declaration = Analysis._field_to_sql(sales.table, "declaration_id", sales)
        amount = SQL("SUM(%s)", Analysis._field_to_sql(sales.table, "amount_counted", sales))
        sales.order = None
        sales.groupby = declaration
        sales.having = SQL("COALESCE(%s, 0) != 0", amount)
        Declaration = self.env["xs.surplus.declaration"]
        query = Declaration._search([])
        d = query.table
        query.add_join(
            "JOIN",
            "sales",
            SQL(
                "(%s)",
                sales.select(SQL("%s AS declaration_id", declaration), SQL("%s AS amount", amount)),
            ),
            SQL("sales.declaration_id = %s", SQL.identifier(d, "id")),
        )
        t, s, p = join_declaration(query, ("township_id", "seller_id", "product_id"))
        Partner = self.env["res.partner"]
        seller_name = Partner._field_to_sql(s, "name", query)
        query.order = SQL(
            '%s, %s COLLATE "C", %s', township_order(t), seller_name, SQL.identifier(d, "id")
        )
        return query.select(
            self.env["xs.township"]._field_to_sql(t, "name", query),
            seller_name,
            Partner._field_to_sql(s, "xs_seller_type", query),
            self.env["product.product"]._field_to_sql(p, "name", query),
            *(
                Declaration._field_to_sql(d, fname, query)
                for fname in (
                    "household_count",
                    "poverty_household_count",
                    "monitored_household_count",
                )
            ),
            SQL("sales.amount"),
        )

    def _xs_columns(self, options):
        """(header, width, number format or None); the last three are formulas."""
        unit = options.unit_label()
        money_format = options.money_format
        return [
            (_("Township"), 12, None),
            (_("Selling Entity"), 26, None),
            (_("Entity Type"), 12, None),
            (_("Product"), 16, None),
            (_("Households Linked"), 10, COUNT),
            (_("of which Poverty-Alleviated"), 10, COUNT),
            (_("of which Monitored"), 10, COUNT),
            (_("Sales Counted (%(unit)s)", unit=unit), 14, money_format),
            (_("Sales per Linked Household (%(unit)s)", unit=unit), 14, money_format),
            (
                _("Sales Reaching Poverty-Alleviated Households (%(unit)s)", unit=unit),
                16,
                money_format,
            ),
            (_("Sales Reaching Monitored Households (%(unit)s)", unit=unit), 16, money_format),
        ]

    def _write_campaign(self, workbook, campaign, options):
        columns = self._xs_columns(options)
        sheet, formats = start_table(
            workbook,
            campaign.name,
            columns,
            (
                _("Farmers' Benefit from Consumption Assistance"),
                _(
                    "Campaign: %(campaign)s    Period: %(period)s    Reporting unit: %(company)s"
                    "    Unit: %(unit)s    Date: %(date)s",
                    campaign=campaign.name,
                    period=options.period_label(),
                    company=campaign.company_id.name,
                    unit=options.unit_label(),
                    date=cn_date(options.today),
                ),
            ),
            _("No."),
        )
        count, sums = self._xs_write_rows(sheet, formats, options)
        total_row = self._xs_write_totals(sheet, formats, columns, count, sums)
        sheet.merge_range(
            total_row + 1,
            0,
            total_row + 1,
            len(columns),
            _(
                "Sales reaching poverty-alleviated and monitored households are apportioned "
                "pro rata to the households linked to each declaration: sales x "
                "poverty-alleviated (monitored) households / households linked."
            ),
        )
        print_ready(sheet, HEADER_ROW)

    def _xs_write_rows(self, sheet, formats, options):
        """The declarations' rows, streamed from one query in the return's order (township,
        seller, id), written cell by cell with no per-row lookups (province size: 47,000
        rows); (how many, sums of households, poverty-alleviated, monitored, sales and
        the three shares)."""
        # Labels resolved once, before the rows are read (nothing else may query then).
        seller_types = selection_labels(self.env["res.partner"], "xs_seller_type")
        # Column letters of the derived cells' formulas (row numbers added per row).
        h, p, m, s = (
            xl(0, col)[:-1] for col in (HOUSEHOLDS_COL, POVERTY_COL, MONITORED_COL, SALES_COL)
        )
        first = HEADER_ROW + 1
        cell_fmt, money, count_fmt = (
            formats["cell"],
            formats["num"][options.money_format],
            formats["num"][COUNT],
        )
        write_number, write_string, write_formula = (
            sheet.write_number,
            sheet.write_string,
            sheet.write_formula,
        )
        amount_of = options.amount
        sums = [0.0] * 7
        index = -1
        for index, values in enumerate(stream(self.env, self._xs_query(options))):
            row = first + index
            township, seller, seller_type, product, households, poverty, monitored, sales = values
            households, poverty, monitored = households or 0, poverty or 0, monitored or 0
            amount = amount_of(sales)
            if households:
                per = amount / households
                to_poverty, to_monitored = (
                    amount * poverty / households,
                    amount * monitored / households,
                )
            else:
                per = to_poverty = to_monitored = 0.0
            write_number(row, 0, index + 1, cell_fmt)
            write_string(row, 1, township or "", cell_fmt)
            write_string(row, 2, seller or "", cell_fmt)
            write_string(row, 3, seller_types.get(seller_type, ""), cell_fmt)
            write_string(row, 4, product or "", cell_fmt)
            write_number(row, 5, households, count_fmt)
            write_number(row, 6, poverty, count_fmt)
            write_number(row, 7, monitored, count_fmt)
            write_number(row, 8, amount, money)
            r = row + 1
            write_formula(row, 9, f"=IF({h}{r}>0,{s}{r}/{h}{r},0)", money, per)
            write_formula(row, 10, f"=IF({h}{r}>0,{s}{r}*{p}{r}/{h}{r},0)", money, to_poverty)
            write_formula(row, 11, f"=IF({h}{r}>0,{s}{r}*{m}{r}/{h}{r},0)", money, to_monitored)
            for i, value in enumerate(
                (households, poverty, monitored, amount, per, to_poverty, to_monitored)
            ):
                sums[i] += value
        return index + 1, sums

    def _xs_write_totals(self, sheet, formats, columns, count, sums):
        """The total row under the ``count`` rows: sums as formulas, sales per household
        over the totals; its row."""
        totals = dict(enumerate(sums, start=HOUSEHOLDS_COL))
        first = HEADER_ROW + 1
        total_row = first + count
        sheet.merge_range(total_row, 0, total_row, 4, _("Total"), formats["total_label"])
        for col in range(HOUSEHOLDS_COL, len(columns) + 1):
            fmt = columns[col - 1][2]
            if col == SALES_COL + 1:
                # Per household over the totals, not a sum of ratios.
                h, s = xl(total_row, HOUSEHOLDS_COL), xl(total_row, SALES_COL)
                households = totals.get(HOUSEHOLDS_COL, 0.0)
                sheet.write_formula(
                    total_row,
                    col,
                    f"=IF({h}>0,{s}/{h},0)",
                    formats["total"][fmt],
                    totals.get(SALES_COL, 0.0) / households if households else 0.0,
                )
                continue
            sheet.write_formula(
                total_row,
                col,
                f"=SUM({xl(first, col)}:{xl(max(first, total_row - 1), col)})" if count else "=0",
                formats["total"][fmt],
                totals.get(col, 0.0),
            )
        return total_row
