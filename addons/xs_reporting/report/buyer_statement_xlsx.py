from odoo import _, models
from odoo.exceptions import AccessError

from odoo.addons.xs_consumption.tools import xs_date, xs_today

from .xlsx_common import (
    add_formats,
    cn_date,
    print_ready,
    write_column_headers,
    write_heading,
    xl,
)

MONEY = "#,##0.00"


class BuyerStatementXlsx(models.AbstractModel):
    """R11: a buyer organisation's statement of its campaign purchases: what it ordered,
    received, was invoiced and has paid, line by line, with totals as formulas. Buyers
    download their own from the portal; county staff print any buyer's."""

    _name = "report.xs_reporting.buyer_statement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Buyer Statement (Excel)"

    def _columns(self):
        # (header, width, value getter, number format or None, summed)
        return [
            (_("Order"), 14, lambda ln: ln.order_id.name, None, False),
            (_("Date"), 14, lambda ln: cn_date(xs_date(ln.order_id.date_order)), None, False),
            (_("Action"), 16, lambda ln: ln.order_id.xs_action_id.name or "", None, False),
            (_("Commitment"), 12, lambda ln: ln.order_id.xs_commitment_id.name or "", None, False),
            (_("Product"), 18, lambda ln: ln.product_id.name, None, False),
            (_("Seller"), 24, lambda ln: ln.xs_declaration_id.seller_id.name or "", None, False),
            (
                _("Township"),
                12,
                lambda ln: ln.xs_declaration_id.township_id.name or "",
                None,
                False,
            ),
            (_("Unit"), 7, lambda ln: ln.product_uom.name, None, False),
            (_("Ordered"), 10, lambda ln: ln.product_uom_qty, "#,##0.00", False),
            (_("Received"), 10, lambda ln: ln.qty_delivered, "#,##0.00", False),
            (_("Unit Price (CNY)"), 11, lambda ln: ln.price_unit, MONEY, False),
            (_("Amount (CNY)"), 13, lambda ln: ln.price_subtotal, MONEY, True),
            (_("Invoiced (CNY)"), 13, lambda ln: ln.untaxed_amount_invoiced, MONEY, True),
            (_("Paid (CNY)"), 13, None, MONEY, True),
        ]

    def _xs_lines(self, buyer, campaign_ids):
        domain = [
            ("order_id.partner_id", "child_of", buyer.id),
            ("order_id.xs_campaign_id", "!=", False),
            ("state", "=", "sale"),
            ("display_type", "=", False),
        ]
        if campaign_ids:
            domain.append(("order_id.xs_campaign_id", "in", campaign_ids))
        # The caller's own environment: a portal buyer's record rules keep only its
        # organisation's orders. sudo afterwards only to read sellers and townships of
        # those lines, which buyers cannot read once the entry left the catalogue.
        return self.env["sale.order.line"].search(domain, order="order_id, sequence, id").sudo()

    def generate_xlsx_report(self, workbook, data, buyers):
        user = self.env.user
        campaign_ids = (data or {}).get("campaign_ids") or []
        for buyer in buyers.commercial_partner_id:
            if not user._is_internal() and buyer != user.partner_id.commercial_partner_id:
                raise AccessError(_("You can only download your own organisation's statement."))
            self._write_buyer(workbook, buyer.sudo(), self._xs_lines(buyer, campaign_ids))

    def _write_buyer(self, workbook, buyer, lines):
        columns = self._columns()
        formats = add_formats(workbook, [c[3] for c in columns if c[3]])
        sheet = workbook.add_worksheet(buyer.name[:31])
        write_heading(
            sheet,
            formats,
            len(columns),
            _("Consumption Assistance Purchase Statement"),
            _(
                "Buyer: %(buyer)s    Campaigns: %(campaigns)s    Date: %(date)s",
                buyer=buyer.name,
                campaigns="、".join(lines.order_id.xs_campaign_id.mapped("name")) or "-",
                date=cn_date(xs_today(self.env)),
            ),
        )
        header_row = 2
        write_column_headers(sheet, formats, header_row, _("No."), columns, height=30)

        # Paid per line from the one owner of counted figures (sudo: only the caller's own
        # lines, already filtered by its record rules, are looked up).
        paid = {
            line.id: amount
            for line, amount in self.env["xs.counted.line"]
            .sudo()
            ._read_group([("sale_line_id", "in", lines.ids)], ["sale_line_id"], ["amount_paid:sum"])
        }
        first = header_row + 1
        totals = {}
        for index, line in enumerate(lines):
            row = first + index
            sheet.write_number(row, 0, index + 1, formats["cell"])
            for col, (_header, _width, getter, fmt, summed) in enumerate(columns, start=1):
                value = paid.get(line.id, 0.0) if getter is None else getter(line)
                if fmt:
                    sheet.write_number(row, col, value, formats["num"][fmt])
                    if summed:
                        totals[col] = totals.get(col, 0.0) + value
                else:
                    sheet.write_string(row, col, value, formats["cell"])
        total_row = first + len(lines)
        sheet.merge_range(total_row, 0, total_row, 2, _("Total"), formats["total_label"])
        for col, (_header, _width, _getter, fmt, summed) in enumerate(columns, start=1):
            if col <= 2:
                continue
            if summed and lines:
                sheet.write_formula(
                    total_row,
                    col,
                    f"=SUM({xl(first, col)}:{xl(total_row - 1, col)})",
                    formats["total"][fmt],
                    totals[col],
                )
            else:
                sheet.write_blank(total_row, col, None, formats["total_label"])
        print_ready(sheet, header_row)
