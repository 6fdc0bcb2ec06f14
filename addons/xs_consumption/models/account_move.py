from odoo import _, models

from ..tools import xs_check_workflow_vals


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        # R22, where core checks its own lock dates (account.move.write): a customer
        # invoice or refund of campaign sale lines counts as invoiced on its invoice date
        # and as paid on the day it was settled (xs.counted.line).
        if "payment_state" in vals:
            # Core computes whether an invoice is paid from its reconciliations (and its
            # buttons only block or unblock an unpaid one): paid by hand, a campaign
            # invoice would count as paid on its invoice date (xs.counted.line).
            paid = ("paid", "in_payment")
            if (
                vals["payment_state"] in paid or any(m.payment_state in paid for m in self)
            ) and self._xs_campaign_invoices():
                xs_check_workflow_vals(self, vals, ("payment_state",))
        # Leaving posted (reset to draft, cancel), moving a posted invoice's date, turning
        # it into a refund (its figure changes sign: only ever by hand), or posting it.
        with self.env["xs.counted.line"]._xs_period_lock(
            "invoice_id",
            self._xs_counted_invoices,
            lambda move: move._xs_invoice_label(),
            model=self._name,
            vals=vals,
        ):
            return super().write(vals)

    def _xs_campaign_invoices(self):
        """{invoice: campaigns} of the customer invoices and refunds in ``self`` that
        invoice confirmed campaign sale lines (they count in xs.counted.line)."""
        result = {}
        # sudo: which campaign an invoice counts for binds whoever posts or pays it.
        for move_sudo in self.sudo().filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
        ):
            lines = move_sudo.invoice_line_ids.sale_line_ids.filtered(
                lambda sol: sol.state == "sale"
            )
            campaigns = lines.order_id.xs_campaign_id
            if campaigns:
                result[move_sudo.sudo(False)] = campaigns
        return result

    def _xs_counted_invoices(self):
        """The invoices of ``self`` that may count as invoiced and paid (xs.counted.line
        says which): posted customer invoices and refunds."""
        return self.filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "out_refund")
        )

    def _xs_invoice_label(self):
        return _("Invoice %(name)s", name=self.name)

    def _xs_settled_lock(self):
        """R22: around a reconciliation or an unreconciliation of lines of ``self``'s
        invoices, refuse it when it makes one paid, unpaid or paid on another day that lies
        in a filed period (xs.counted.line dates the amount paid)."""
        return self.env["xs.counted.line"]._xs_period_lock(
            "invoice_id",
            self._xs_counted_invoices,
            lambda move: move.env._("The payment of invoice %(name)s", name=move.name),
        )
