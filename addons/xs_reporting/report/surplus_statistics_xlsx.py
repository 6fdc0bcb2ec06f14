from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import _, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.xs_consumption.models.xs_surplus_declaration import VERIFIED_STATES
from odoo.addons.xs_consumption.tools import XIUSHAN_TZ

from .xlsx_common import (
    ReturnOptions,
    add_formats,
    cn_date,
    join_declaration,
    print_ready,
    selection_labels,
    stream,
    township_order,
    write_column_headers,
    write_heading,
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
        # (header, width, value of a row of _xs_query or None (the formula), number format
        # or None, summed). Selection labels are resolved once, in the user's language.
        category = selection_labels(self.env["xs.surplus.declaration"], "category")
        seller_type = selection_labels(self.env["res.partner"], "xs_seller_type")
        return [
            (_("Township"), 12, lambda r: r[1], None, False),
            (_("Product"), 18, lambda r: r[2], None, False),
            (_("Category"), 10, lambda r: category.get(r[3], ""), None, False),
            (_("Quantity"), 11, lambda r: r[4] or 0.0, "#,##0.00", True),
            (_("Unit"), 7, lambda r: r[5], None, False),
            (_("Unit Price (CNY)"), 11, lambda r: r[6] or 0.0, "#,##0.00", False),
            (_("Total Value (CNY)"), 14, None, "#,##0.00", True),
            (_("Available"), 22, lambda r: f"{cn_date(r[8])}至{cn_date(r[9])}", None, False),
            (_("Where Available"), 18, lambda r: r[10] or "", None, False),
            (_("Selling Entity"), 26, lambda r: r[11], None, False),
            (_("Entity Type"), 12, lambda r: seller_type.get(r[12], ""), None, False),
            (_("Contact Phone"), 16, lambda r: r[13] or "", None, False),
            (_("Industry Coverage"), 14, lambda r: r[14] or "", None, False),
            (_("Industry Scale"), 14, lambda r: r[15] or "", None, False),
            (_("Households Linked"), 10, lambda r: r[16] or 0, "#,##0", True),
            (_("of which Poverty-Alleviated"), 10, lambda r: r[17] or 0, "#,##0", True),
            (_("of which Monitored"), 10, lambda r: r[18] or 0, "#,##0", True),
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

    def _write_row(self, sheet, row, values, cells, quantity_cell, price_cell):
        """A declaration's cells; its total value is a formula, quantity x unit price, the
        reader can verify."""
        for col, getter, fmt, is_number in cells:
            if getter is None:
                formula = f"={quantity_cell}*{price_cell}"
                sheet.write_formula(row, col, formula, fmt, values[7] or 0.0)
            elif is_number:
                sheet.write_number(row, col, getter(values), fmt)
            else:
                sheet.write_string(row, col, getter(values) or "", fmt)

    def _write_campaign(self, workbook, campaign, options, by_period=False):
        columns = self._columns()
        sheet = workbook.add_worksheet(campaign.name[:31])
        formats = add_formats(workbook, [c[3] for c in columns if c[3]])
        total_fmts = formats["total"]
        total_label_fmt = formats["total_label"]
        cell_fmt = formats["cell"]

        last_col = len(columns)  # column 0 is the row number
        write_heading(
            sheet,
            formats,
            last_col,
            _("Produce Needing Sales Help: Statistics Return"),
            _(
                "Campaign: %(campaign)s    Period: %(period)s    Reporting unit: %(company)s"
                "    Date: %(date)s",
                campaign=campaign.name,
                period=options.period_label() if by_period else _("whole campaign"),
                company=campaign.company_id.name,
                date=cn_date(options.today),
            ),
        )
        header_row = 2
        write_column_headers(sheet, formats, header_row, _("No."), columns)

        headers = [c[0] for c in columns]
        unit_col = 1 + headers.index(_("Unit"))
        quantity_col = 1 + headers.index(_("Quantity"))
        price_col = 1 + headers.index(_("Unit Price (CNY)"))
        summed_cols = [col for col, c in enumerate(columns, start=1) if c[4]]
        # Per column: (col, value of a row, cell format, is a number); the total value
        # (getter None) is a formula, quantity x unit price, the reader can verify.
        cells = [
            (col, getter, formats["num"][fmt] if fmt else cell_fmt, bool(fmt))
            for col, (_header, _width, getter, fmt, _summed) in enumerate(columns, start=1)
        ]
        summed = [(col, columns[col - 1][2] or (lambda r: r[7] or 0.0)) for col in summed_cols]
        # Labels resolved once, before the rows are read (nothing else may query then).
        subtotal_label = _("%(township)s Subtotal", township="%(township)s")
        total_label = _("Total")

        def write_sums(row, label, ranges, unit, values):
            """A subtotal or total row for one unit: SUMIF over ``ranges`` on the unit."""
            sheet.merge_range(row, 0, row, 2, label, total_label_fmt)
            for col in range(3, last_col + 1):
                fmt = columns[col - 1][3]
                if col == unit_col:
                    sheet.write_string(row, col, unit, total_label_fmt)
                elif col in summed_cols:
                    formula = "+".join(
                        f"SUMIF({xl(a, unit_col)}:{xl(b, unit_col)},{xl(row, unit_col)},"
                        f"{xl(a, col)}:{xl(b, col)})"
                        for a, b in ranges
                    )
                    sheet.write_formula(row, col, f"={formula}", total_fmts[fmt], values[col])
                else:
                    sheet.write_blank(row, col, None, total_label_fmt)

        row = header_row + 1
        number = 0
        blocks = []  # (first row, last row) of each township's declarations
        county = defaultdict(lambda: defaultdict(float))
        township = None  # (id, name) of the township being written
        subtotal = start = None

        def close_township(row):
            """The township's subtotal rows (one per unit), after its declarations."""
            blocks.append((start, row - 1))
            for unit, values in sorted(subtotal.items()):
                write_sums(
                    row,
                    subtotal_label % {"township": township[1]},
                    [blocks[-1]],
                    unit,
                    values,
                )
                row += 1
            return row

        # The rows stream from one query in the return's order (township, category, id).
        for values in stream(self.env, self._xs_query(campaign, options, by_period)):
            if township is None or township[0] != values[0]:
                if township is not None:
                    row = close_township(row)
                township = (values[0], values[1])
                subtotal = defaultdict(lambda: defaultdict(float))
                start = row
            number += 1
            sheet.write_number(row, 0, number, cell_fmt)
            self._write_row(sheet, row, values, cells, xl(row, quantity_col), xl(row, price_col))
            unit = values[5]
            for col, getter in summed:
                value = getter(values)
                subtotal[unit][col] += value
                county[unit][col] += value
            row += 1
        if township is not None:
            row = close_township(row)
        for unit, values in sorted(county.items()):
            write_sums(row, total_label, blocks, unit, values)
            row += 1
        if not number:
            sheet.merge_range(row, 0, row, 2, total_label, total_label_fmt)
        print_ready(sheet, header_row)
