from odoo import _, models
from odoo.exceptions import AccessError

from odoo.addons.xs_consumption.tools import xs_today

from .xlsx_common import (
    add_formats,
    cn_date,
    print_ready,
    write_column_headers,
    write_heading,
    xl,
)

COUNTED_STATES = ("verified", "listed", "sold_out", "closed")


class SurplusStatisticsXlsx(models.AbstractModel):
    """R5: the statistics return 需要帮助销售农产品情况统计表, from a campaign's verified
    declarations, in the form the municipal bureau receives: one row per product and
    selling entity, grouped by township, totals as formulas a reader can check (R14)."""

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
            self._write_campaign(workbook, campaign)

    def _write_campaign(self, workbook, campaign):
        declarations = self.env["xs.surplus.declaration"].search(
            [("campaign_id", "=", campaign.id), ("state", "in", COUNTED_STATES)],
            order="township_id, category, id",
        )
        columns = self._columns()
        sheet = workbook.add_worksheet(campaign.name[:31])
        formats = add_formats(workbook, [c[3] for c in columns if c[3]])
        cell_fmt = formats["cell"]
        num_fmts, total_fmts = formats["num"], formats["total"]
        total_label_fmt = formats["total_label"]

        last_col = len(columns)  # column 0 is the row number
        write_heading(
            sheet,
            formats,
            last_col,
            _("Produce Needing Sales Help: Statistics Return"),
            _(
                "Campaign: %(campaign)s    Reporting unit: %(company)s    Date: %(date)s",
                campaign=campaign.name,
                company=campaign.company_id.name,
                date=cn_date(xs_today(self.env)),
            ),
        )
        header_row = 2
        write_column_headers(sheet, formats, header_row, _("No."), columns)

        headers = [c[0] for c in columns]
        quantity_col = 1 + headers.index(_("Quantity"))
        price_col = 1 + headers.index(_("Unit Price (CNY)"))
        first = header_row + 1
        for index, declaration in enumerate(declarations):
            row = first + index
            sheet.write_number(row, 0, index + 1, cell_fmt)
            for col, (_header, _width, getter, fmt, _summed) in enumerate(columns, start=1):
                if getter is None:
                    # Total value = quantity x unit price, as a formula the reader can verify.
                    q = xl(row, quantity_col)
                    p = xl(row, price_col)
                    sheet.write_formula(
                        row, col, f"={q}*{p}", num_fmts[fmt], declaration.amount_total
                    )
                elif fmt:
                    sheet.write_number(row, col, getter(declaration), num_fmts[fmt])
                else:
                    sheet.write_string(row, col, getter(declaration) or "", cell_fmt)
        total_row = first + len(declarations)
        sheet.merge_range(total_row, 0, total_row, 2, _("Total"), total_label_fmt)
        for col, (_header, _width, _getter, fmt, summed) in enumerate(columns, start=1):
            if col <= 2:
                continue
            if summed and declarations:
                value = sum(
                    declaration.amount_total if _getter is None else _getter(declaration)
                    for declaration in declarations
                )
                sheet.write_formula(
                    total_row,
                    col,
                    f"=SUM({xl(first, col)}:{xl(total_row - 1, col)})",
                    total_fmts[fmt],
                    value,
                )
            else:
                sheet.write_blank(total_row, col, None, total_label_fmt)

        print_ready(sheet, header_row)
