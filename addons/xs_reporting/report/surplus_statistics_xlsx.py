from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import _, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.xs_consumption.models.xs_surplus_declaration import VERIFIED_STATES
from odoo.addons.xs_consumption.tools import XIUSHAN_TZ

from .xlsx_common import (
    HEADER_ROW,
    ReturnOptions,
    cn_date,
    join_declaration,
    print_ready,
    selection_labels,
    start_table,
    stream,
    township_order,
    xl,
)


class SurplusStatisticsXlsx(models.AbstractModel):
    """R5: the statistics return 需要帮助销售农产品情况统计表, from a campaign's verified
    declarations, in the form the municipal bureau receives: one row per product and
    selling entity, grouped by township with a subtotal per township and unit, and county
    totals per unit (kilograms are never added to heads); totals are formulas a reader can
    check (R14). With a period, the declarations verified in it (county calendar)."""

    _name = "report.xs_reporting.surplus_statistics_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Surplus Statistics Return (Excel)"

    def _columns(self):
        # (header, width, number format or None, summed) per column of _xs_query's row
        # (after the township id): the total value is a formula, quantity x unit price.
        return [
            (_("Township"), 12, None, False),
            (_("Product"), 18, None, False),
            (_("Category"), 10, None, False),
            (_("Quantity"), 11, "#,##0.00", True),
            (_("Unit"), 7, None, False),
            (_("Unit Price (CNY)"), 11, "#,##0.00", False),
            (_("Total Value (CNY)"), 14, "#,##0.00", True),
            (_("Available"), 22, None, False),
            (_("Where Available"), 18, None, False),
            (_("Selling Entity"), 26, None, False),
            (_("Entity Type"), 12, None, False),
            (_("Contact Phone"), 16, None, False),
            (_("Industry Coverage"), 14, None, False),
            (_("Industry Scale"), 14, None, False),
            (_("Households Linked"), 10, "#,##0", True),
            (_("of which Poverty-Alleviated"), 10, "#,##0", True),
            (_("of which Monitored"), 10, "#,##0", True),
        ]

    def generate_xlsx_report(self, workbook, data, campaigns):
        if not self.env.user._is_internal():
            # The report route is open to portal users; this return is for the county.
            raise AccessError(_("Only county staff can print the statistics return."))
        for campaign in campaigns:
            options = ReturnOptions(self.env, campaign, data)
            self._write_campaign(workbook, campaign, options, bool((data or {}).get("date_from")))

    def _xs_query(self, campaign, options, by_period):
        """One query of the return's rows in its order: the declarations the user may read
        (its record rules, as a search applies them: a township user gets its townships)
        with what the columns show; [0] is the township id, [7] the total value."""
        domain = [("campaign_id", "=", campaign.id), ("state", "in", VERIFIED_STATES)]
        if by_period:
            tz = pytz.timezone(XIUSHAN_TZ)

            def utc(day, at):
                return (
                    tz.localize(datetime.combine(day, at)).astimezone(pytz.utc).replace(tzinfo=None)
                )

            domain += [
                ("verified_date", ">=", utc(options.date_from, time.min)),
                ("verified_date", "<=", utc(options.date_to, time.max)),
            ]
        if options.townships:
            domain.append(("township_id", "in", options.townships.ids))
        Declaration = self.env["xs.surplus.declaration"]
        query = Declaration._search(domain)
        d = query.table
        t, s, p, u = join_declaration(query, ("township_id", "seller_id", "product_id", "uom_id"))
        Partner = self.env["res.partner"]
        columns = [
            SQL.identifier(d, "township_id"),
            self.env["xs.township"]._field_to_sql(t, "name", query),
            self.env["product.product"]._field_to_sql(p, "name", query),
            *(Declaration._field_to_sql(d, fname, query) for fname in ("category", "quantity")),
            self.env["uom.uom"]._field_to_sql(u, "name", query),
            *(
                Declaration._field_to_sql(d, fname, query)
                for fname in (
                    "price_unit",
                    "amount_total",
                    "date_available_from",
                    "date_available_to",
                    "location",
                )
            ),
            Partner._field_to_sql(s, "name", query),
            Partner._field_to_sql(s, "xs_seller_type", query),
            SQL(
                "COALESCE(NULLIF(%s, ''), %s)",
                Declaration._field_to_sql(d, "contact_phone", query),
                Partner._field_to_sql(s, "phone", query),
            ),
            *(
                Declaration._field_to_sql(d, fname, query)
                for fname in (
                    "industry_coverage",
                    "industry_scale",
                    "household_count",
                    "poverty_household_count",
                    "monitored_household_count",
                )
            ),
        ]
        query.order = SQL(
            "%s, %s, %s",
            township_order(t),
            SQL.identifier(d, "category"),
            SQL.identifier(d, "id"),
        )
        return query.select(*columns)

    def _write_campaign(self, workbook, campaign, options, by_period=False):
        columns = self._columns()
        sheet, formats = start_table(
            workbook,
            campaign.name,
            columns,
            (
                _("Produce Needing Sales Help: Statistics Return"),
                _(
                    "Campaign: %(campaign)s    Period: %(period)s    Reporting unit: %(company)s"
                    "    Date: %(date)s",
                    campaign=campaign.name,
                    period=options.period_label() if by_period else _("whole campaign"),
                    company=campaign.company_id.name,
                    date=cn_date(options.today),
                ),
            ),
            _("No."),
        )
        layout = self._xs_layout(columns, formats)
        row = HEADER_ROW + 1
        number = 0
        blocks = []  # (first row, last row) of each township's declarations
        # {unit: [quantity, total value, households, poverty-alleviated, monitored]}
        county = defaultdict(lambda: [0.0] * 5)
        township = subtotal = start = None  # the township being written: (id, name)

        def close_township(row):
            blocks.append((start, row - 1))
            return self._xs_write_subtotals(sheet, layout, row, township[1], blocks[-1], subtotal)

        # The rows stream from one query in the return's order (township, category, id),
        # written cell by cell with no per-row lookups (province size: 60,000 rows).
        for values in stream(self.env, self._xs_query(campaign, options, by_period)):
            if township is None or township[0] != values[0]:
                if township is not None:
                    row = close_township(row)
                township = (values[0], values[1])
                subtotal = defaultdict(lambda: [0.0] * 5)
                start = row
            number += 1
            unit, figures = self._xs_write_declaration(sheet, layout, row, number, values)
            for sums in (subtotal[unit], county[unit]):
                for index, figure in enumerate(figures):
                    sums[index] += figure
            row += 1
        if township is not None:
            row = close_township(row)
        for unit, sums in sorted(county.items()):
            self._xs_write_sums(sheet, layout, row, layout["total"], blocks, unit, sums)
            row += 1
        if not number:
            sheet.merge_range(row, 0, row, 2, layout["total"], formats["total_label"])
        print_ready(sheet, HEADER_ROW)

    def _xs_layout(self, columns, formats):
        """What writing a row needs, resolved once before the rows are read (nothing else
        may query then): columns, formats, labels, the column letters of the formulas."""
        headers = [c[0] for c in columns]
        quantity_col = 1 + headers.index(_("Quantity"))
        price_col = 1 + headers.index(_("Unit Price (CNY)"))
        quantity_fmt, price_fmt, value_fmt, count_fmt = (
            formats["num"][columns[col - 1][2]] for col in (quantity_col, price_col, 7, 15)
        )
        return {
            "columns": columns,
            "formats": formats,
            "unit_col": 1 + headers.index(_("Unit")),
            "summed_cols": [col for col, c in enumerate(columns, start=1) if c[3]],
            "text": formats["cell"],
            "quantity": quantity_fmt,
            "price": price_fmt,
            "value": value_fmt,
            "count": count_fmt,
            # Column letters of the total value's formula, quantity x unit price.
            "q": xl(0, quantity_col)[:-1],
            "p": xl(0, price_col)[:-1],
            "subtotal": _("%(township)s Subtotal", township="%(township)s"),
            "total": _("Total"),
            "category": selection_labels(self.env["xs.surplus.declaration"], "category"),
            "seller_type": selection_labels(self.env["res.partner"], "xs_seller_type"),
        }

    def _xs_write_declaration(self, sheet, layout, row, number, values):
        """A declaration's row; (its unit, [quantity, total value, households,
        poverty-alleviated, monitored])."""
        (
            _township_id,
            township_name,
            product,
            category_value,
            quantity,
            unit,
            price,
            value,
            date_from,
            date_to,
            location,
            seller,
            seller_type_value,
            phone,
            coverage,
            scale,
            households,
            poverty,
            monitored,
        ) = values
        quantity, value = quantity or 0.0, value or 0.0
        households, poverty, monitored = households or 0, poverty or 0, monitored or 0
        write_number, write_string = sheet.write_number, sheet.write_string
        text_fmt, count_fmt = layout["text"], layout["count"]
        write_number(row, 0, number, text_fmt)
        write_string(row, 1, township_name or "", text_fmt)
        write_string(row, 2, product or "", text_fmt)
        write_string(row, 3, layout["category"].get(category_value, ""), text_fmt)
        write_number(row, 4, quantity, layout["quantity"])
        write_string(row, 5, unit or "", text_fmt)
        write_number(row, 6, price or 0.0, layout["price"])
        formula = f"={layout['q']}{row + 1}*{layout['p']}{row + 1}"
        sheet.write_formula(row, 7, formula, layout["value"], value)
        write_string(row, 8, f"{cn_date(date_from)}至{cn_date(date_to)}", text_fmt)
        write_string(row, 9, location or "", text_fmt)
        write_string(row, 10, seller or "", text_fmt)
        write_string(row, 11, layout["seller_type"].get(seller_type_value, ""), text_fmt)
        write_string(row, 12, phone or "", text_fmt)
        write_string(row, 13, coverage or "", text_fmt)
        write_string(row, 14, scale or "", text_fmt)
        write_number(row, 15, households, count_fmt)
        write_number(row, 16, poverty, count_fmt)
        write_number(row, 17, monitored, count_fmt)
        return unit, (quantity, value, households, poverty, monitored)

    def _xs_write_subtotals(self, sheet, layout, row, township_name, block, subtotal):
        """The township's subtotal rows (one per unit), after its declarations (``block``,
        their first and last rows); the row after them."""
        label = layout["subtotal"] % {"township": township_name}
        for unit, sums in sorted(subtotal.items()):
            self._xs_write_sums(sheet, layout, row, label, [block], unit, sums)
            row += 1
        return row

    def _xs_write_sums(self, sheet, layout, row, label, ranges, unit, sums):
        """A subtotal or total row for one unit: SUMIF over ``ranges`` on the unit."""
        columns, unit_col = layout["columns"], layout["unit_col"]
        total_fmts = layout["formats"]["total"]
        total_label_fmt = layout["formats"]["total_label"]
        values = dict(zip(layout["summed_cols"], sums, strict=True))
        sheet.merge_range(row, 0, row, 2, label, total_label_fmt)
        for col in range(3, len(columns) + 1):
            fmt = columns[col - 1][2]
            if col == unit_col:
                sheet.write_string(row, col, unit, total_label_fmt)
            elif col in values:
                formula = "+".join(
                    f"SUMIF({xl(a, unit_col)}:{xl(b, unit_col)},{xl(row, unit_col)},"
                    f"{xl(a, col)}:{xl(b, col)})"
                    for a, b in ranges
                )
                sheet.write_formula(row, col, f"={formula}", total_fmts[fmt], values[col])
            else:
                sheet.write_blank(row, col, None, total_label_fmt)
