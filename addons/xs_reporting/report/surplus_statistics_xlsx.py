from collections import defaultdict
from datetime import datetime, time

import pytz

from odoo import _, models
from odoo.exceptions import AccessError

from odoo.addons.xs_consumption.models.xs_surplus_declaration import VERIFIED_STATES
from odoo.addons.xs_consumption.tools import XIUSHAN_TZ

from .xlsx_common import (
    ReturnOptions,
    add_formats,
    cn_date,
    print_ready,
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
        # (header, width, value getter, number format or None, summed)
        category = dict(
            self.env["xs.surplus.declaration"]._fields["category"]._description_selection(self.env)
        )
        seller_type = dict(
            self.env["res.partner"]._fields["xs_seller_type"]._description_selection(self.env)
        )
        return [
            (_("Township"), 12, lambda d: d.township_id.name, None, False),
            (_("Product"), 18, lambda d: d.product_id.name, None, False),
            (_("Category"), 10, lambda d: category.get(d.category, ""), None, False),
            (_("Quantity"), 11, lambda d: d.quantity, "#,##0.00", True),
            (_("Unit"), 7, lambda d: d.uom_id.name, None, False),
            (_("Unit Price (CNY)"), 11, lambda d: d.price_unit, "#,##0.00", False),
            (_("Total Value (CNY)"), 14, None, "#,##0.00", True),
            (_("Available"), 22, lambda d: self._date_range(d), None, False),
            (_("Where Available"), 18, lambda d: d.location or "", None, False),
            (_("Selling Entity"), 26, lambda d: d.seller_id.name, None, False),
            (_("Entity Type"), 12, lambda d: seller_type.get(d.seller_type, ""), None, False),
            (
                _("Contact Phone"),
                16,
                lambda d: d.contact_phone or d.seller_id.phone or "",
                None,
                False,
            ),
            (_("Industry Coverage"), 14, lambda d: d.industry_coverage or "", None, False),
            (_("Industry Scale"), 14, lambda d: d.industry_scale or "", None, False),
            (_("Households Linked"), 10, lambda d: d.household_count, "#,##0", True),
            (
                _("of which Poverty-Alleviated"),
                10,
                lambda d: d.poverty_household_count,
                "#,##0",
                True,
            ),
            (_("of which Monitored"), 10, lambda d: d.monitored_household_count, "#,##0", True),
        ]

    def _date_range(self, declaration):
        start = cn_date(declaration.date_available_from)
        return f"{start}至{cn_date(declaration.date_available_to)}"

    def generate_xlsx_report(self, workbook, data, campaigns):
        if not self.env.user._is_internal():
            # The report route is open to portal users; this return is for the county.
            raise AccessError(_("Only county staff can print the statistics return."))
        for campaign in campaigns:
            options = ReturnOptions(self.env, campaign, data)
            self._write_campaign(workbook, campaign, options, bool((data or {}).get("date_from")))

    def _xs_declarations(self, campaign, options, by_period):
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
        declarations = self.env["xs.surplus.declaration"].search(domain)
        return declarations.sorted(
            lambda d: (d.township_id.sequence, d.township_id.name or "", d.category, d.id)
        )

    def _write_row(self, sheet, row, number, declaration, columns, formats):
        headers = [c[0] for c in columns]
        quantity_col = 1 + headers.index(_("Quantity"))
        price_col = 1 + headers.index(_("Unit Price (CNY)"))
        sheet.write_number(row, 0, number, formats["cell"])
        for col, (_header, _width, getter, fmt, _summed) in enumerate(columns, start=1):
            if getter is None:
                # Total value = quantity x unit price, a formula the reader can verify.
                q, p = xl(row, quantity_col), xl(row, price_col)
                sheet.write_formula(
                    row, col, f"={q}*{p}", formats["num"][fmt], declaration.amount_total
                )
            elif fmt:
                sheet.write_number(row, col, getter(declaration), formats["num"][fmt])
            else:
                sheet.write_string(row, col, getter(declaration) or "", formats["cell"])

    def _write_campaign(self, workbook, campaign, options, by_period=False):
        declarations = self._xs_declarations(campaign, options, by_period)
        columns = self._columns()
        sheet = workbook.add_worksheet(campaign.name[:31])
        formats = add_formats(workbook, [c[3] for c in columns if c[3]])
        total_fmts = formats["total"]
        total_label_fmt = formats["total_label"]

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
        summed_cols = [col for col, c in enumerate(columns, start=1) if c[4]]

        def value_of(col, declaration):
            getter = columns[col - 1][2]
            return declaration.amount_total if getter is None else getter(declaration)

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
        townships = []
        for declaration in declarations:
            if not townships or townships[-1][0] != declaration.township_id:
                townships.append((declaration.township_id, []))
            townships[-1][1].append(declaration)
        for township, items in townships:
            start = row
            subtotal = defaultdict(lambda: defaultdict(float))
            for declaration in items:
                number += 1
                self._write_row(sheet, row, number, declaration, columns, formats)
                unit = declaration.uom_id.name
                for col in summed_cols:
                    subtotal[unit][col] += value_of(col, declaration)
                    county[unit][col] += value_of(col, declaration)
                row += 1
            blocks.append((start, row - 1))
            for unit, values in sorted(subtotal.items()):
                write_sums(
                    row,
                    _("%(township)s Subtotal", township=township.name),
                    [(start, blocks[-1][1])],
                    unit,
                    values,
                )
                row += 1
        for unit, values in sorted(county.items()):
            write_sums(row, _("Total"), blocks, unit, values)
            row += 1
        if not declarations:
            sheet.merge_range(row, 0, row, 2, _("Total"), total_label_fmt)
        print_ready(sheet, header_row)
