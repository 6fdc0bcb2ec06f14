from odoo import _, models

from .xlsx_common import (
    ReturnOptions,
    add_formats,
    cn_date,
    print_ready,
    write_column_headers,
    write_heading,
    xl,
)

COUNT = "#,##0"


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
        for campaign in campaigns:
            self._write_campaign(workbook, campaign, ReturnOptions(self.env, campaign, data))

    def _xs_sales(self, options):
        """{declaration: counted amount in CNY} of the period, one query."""
        return {
            declaration: amount
            for declaration, amount in self.env["xs.sales.analysis"]._read_group(
                options.counted_domain() + [("is_catalogue", "=", True)],
                ["declaration_id"],
                ["amount_counted:sum"],
            )
            if amount
        }

    def _write_campaign(self, workbook, campaign, options):
        sales = self._xs_sales(options)
        declarations = (
            self.env["xs.surplus.declaration"]
            .browse([d.id for d in sales])
            .sorted(lambda d: (d.township_id.sequence, d.township_id.name, d.seller_id.name, d.id))
        )
        seller_types = dict(
            self.env["res.partner"]._fields["xs_seller_type"]._description_selection(self.env)
        )
        unit = options.unit_label()
        money_format = options.money_format
        columns = [
            (_("Township"), 12, lambda d: d.township_id.name, None),
            (_("Selling Entity"), 26, lambda d: d.seller_id.name, None),
            (_("Entity Type"), 12, lambda d: seller_types.get(d.seller_type, ""), None),
            (_("Product"), 16, lambda d: d.product_id.name, None),
            (_("Households Linked"), 10, lambda d: d.household_count, COUNT),
            (_("of which Poverty-Alleviated"), 10, lambda d: d.poverty_household_count, COUNT),
            (_("of which Monitored"), 10, lambda d: d.monitored_household_count, COUNT),
            (
                _("Sales Counted (%(unit)s)", unit=unit),
                14,
                lambda d: options.amount(sales.get(d, 0.0)),
                money_format,
            ),
            (_("Sales per Linked Household (%(unit)s)", unit=unit), 14, "per", money_format),
            (
                _("Sales Reaching Poverty-Alleviated Households (%(unit)s)", unit=unit),
                16,
                "poverty",
                money_format,
            ),
            (
                _("Sales Reaching Monitored Households (%(unit)s)", unit=unit),
                16,
                "monitored",
                money_format,
            ),
        ]
        formats = add_formats(workbook, [money_format, COUNT])
        sheet = workbook.add_worksheet(campaign.name[:31])
        write_heading(
            sheet,
            formats,
            len(columns),
            _("Farmers' Benefit from Consumption Assistance"),
            _(
                "Campaign: %(campaign)s    Period: %(period)s    Reporting unit: %(company)s"
                "    Unit: %(unit)s    Date: %(date)s",
                campaign=campaign.name,
                period=options.period_label(),
                company=campaign.company_id.name,
                unit=unit,
                date=cn_date(options.today),
            ),
        )
        header_row = 2
        write_column_headers(sheet, formats, header_row, _("No."), columns)
        households_col, poverty_col, monitored_col, sales_col = 5, 6, 7, 8
        derived = {
            "per": lambda h, s, r: (f"=IF({h}>0,{s}/{h},0)", 1),
            "poverty": lambda h, s, r: (f"=IF({h}>0,{s}*{xl(r, poverty_col)}/{h},0)", 2),
            "monitored": lambda h, s, r: (f"=IF({h}>0,{s}*{xl(r, monitored_col)}/{h},0)", 3),
        }
        first = header_row + 1
        totals = {}
        for index, declaration in enumerate(declarations):
            row = first + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            households = declaration.household_count
            amount = options.amount(sales.get(declaration, 0.0))
            shares = {
                "per": households and amount / households,
                "poverty": households and amount * declaration.poverty_household_count / households,
                "monitored": households
                and amount * declaration.monitored_household_count / households,
            }
            for col, (_header, _width, getter, fmt) in enumerate(columns, start=1):
                if isinstance(getter, str):
                    formula, _n = derived[getter](xl(row, households_col), xl(row, sales_col), row)
                    value = float(shares[getter] or 0.0)
                    sheet.write_formula(row, col, formula, formats["num"][fmt], value)
                    totals[col] = totals.get(col, 0.0) + value
                elif fmt:
                    value = getter(declaration)
                    sheet.write_number(row, col, value, formats["num"][fmt])
                    totals[col] = totals.get(col, 0.0) + value
                else:
                    sheet.write_string(row, col, getter(declaration) or "", formats["cell"])
        total_row = first + len(declarations)
        sheet.merge_range(total_row, 0, total_row, 4, _("Total"), formats["total_label"])
        for col in range(households_col, len(columns) + 1):
            fmt = columns[col - 1][3]
            if col == sales_col + 1:
                # Per household over the totals, not a sum of ratios.
                h, s = xl(total_row, households_col), xl(total_row, sales_col)
                households = totals.get(households_col, 0.0)
                sheet.write_formula(
                    total_row,
                    col,
                    f"=IF({h}>0,{s}/{h},0)",
                    formats["total"][fmt],
                    totals.get(sales_col, 0.0) / households if households else 0.0,
                )
                continue
            sheet.write_formula(
                total_row,
                col,
                f"=SUM({xl(first, col)}:{xl(max(first, total_row - 1), col)})"
                if declarations
                else "=0",
                formats["total"][fmt],
                totals.get(col, 0.0),
            )
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
        print_ready(sheet, header_row)
