from odoo import _, models
from odoo.tools import float_compare, float_is_zero


class SaleOrder(models.Model):
    """R11: what a buyer reads of its orders in the portal (My Orders and the order page)."""

    _inherit = "sale.order"

    def _xs_portal_status(self):
        """{order id: (key, label, badge class)}: where each order stands for its buyer,
        from the quotation to its produce delivered and paid.

        The delivered quantities are the sale lines' own (the sellers' dropship deliveries);
        paid when every posted invoice of a delivered order is paid."""
        labels = {
            "quotation": (_("Quotation"), "text-bg-secondary"),
            "cancelled": (_("Cancelled"), "text-bg-danger"),
            "to_deliver": (_("Awaiting Delivery"), "text-bg-info"),
            "partial": (_("Partly Delivered"), "text-bg-warning"),
            "delivered": (_("Delivered"), "text-bg-primary"),
            "paid": (_("Paid"), "text-bg-success"),
        }
        status = {}
        # sudo: invoices and lines of the caller's own orders (read under its rules).
        for order_sudo in self.sudo():
            if order_sudo.state == "cancel":
                key = "cancelled"
            elif order_sudo.state != "sale":
                key = "quotation"
            else:
                lines = order_sudo.order_line.filtered(lambda line: not line.display_type)
                delivered = [
                    float_compare(
                        line.qty_delivered,
                        line.product_uom_qty,
                        precision_rounding=line.product_uom.rounding,
                    )
                    >= 0
                    for line in lines
                ]
                invoices = order_sudo.invoice_ids.filtered(lambda move: move.state == "posted")
                if lines and all(delivered):
                    paid = (
                        order_sudo.invoice_status == "invoiced"
                        and invoices
                        and all(move.payment_state in ("paid", "in_payment") for move in invoices)
                    )
                    key = "paid" if paid else "delivered"
                elif any(
                    not float_is_zero(
                        line.qty_delivered, precision_rounding=line.product_uom.rounding
                    )
                    for line in lines
                ):
                    key = "partial"
                else:
                    key = "to_deliver"
            status[order_sudo.id] = (key, *labels[key])
        return status
