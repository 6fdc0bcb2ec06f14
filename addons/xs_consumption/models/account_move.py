from odoo import _, fields, models
from odoo.tools import SQL

from ..tools import xs_check_workflow_vals
from .xs_counted_line import SETTLED_DAY_SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        # R22, where core checks its own lock dates (account.move.write): a customer
        # invoice or refund of campaign sale lines counts as invoiced on its invoice date.
        tracked = "state" in vals or "invoice_date" in vals
        if tracked or "move_type" in vals:
            # Leaving posted (reset to draft, cancel), moving a posted invoice's date, or
            # turning it into a refund (its figure changes sign: only ever by hand).
            self.filtered(
                lambda m: (
                    m.state == "posted"
                    and (
                        vals.get("state", "posted") != "posted"
                        or fields.Date.to_date(vals.get("invoice_date", m.invoice_date))
                        != m.invoice_date
                        or vals.get("move_type", m.move_type) != m.move_type
                    )
                )
            )._xs_check_invoiced_lock()
        if "payment_state" in vals:
            # Core computes whether an invoice is paid from its reconciliations (and its
            # buttons only block or unblock an unpaid one): paid by hand, a campaign
            # invoice would count as paid on its invoice date (xs.counted.line).
            paid = ("paid", "in_payment")
            if (
                vals["payment_state"] in paid or any(m.payment_state in paid for m in self)
            ) and self._xs_campaign_invoices():
                xs_check_workflow_vals(self, vals, ("payment_state",))
        res = super().write(vals)
        if tracked:
            # Posted into its invoice date.
            self.filtered(lambda m: m.state == "posted")._xs_check_invoiced_lock()
        return res

    def _xs_campaign_invoices(self):
        """{invoice: campaigns} of the customer invoices and refunds in ``self`` that
        invoice confirmed campaign sale lines (they count in xs.counted.line)."""
        result = {}
        # sudo: which campaign an invoice counts for binds whoever posts or pays it.
        for move in self.sudo().filtered(lambda m: m.move_type in ("out_invoice", "out_refund")):
            lines = move.invoice_line_ids.sale_line_ids.filtered(lambda sol: sol.state == "sale")
            campaigns = lines.order_id.xs_campaign_id
            if campaigns:
                result[move.sudo(False)] = campaigns
        return result

    def _xs_check_invoiced_lock(self):
        for move, campaigns in self._xs_campaign_invoices().items():
            campaigns._xs_check_period_open(
                move.invoice_date or fields.Date.context_today(move),
                _("Invoice %(name)s", name=move.name),
            )

    def _xs_settled_days(self):
        """{invoice id: the day it counts as paid} of the paid campaign invoices in ``self``
        (``SETTLED_DAY_SQL``, as xs.counted.line dates the amount paid)."""
        invoices = self.browse([move.id for move in self._xs_campaign_invoices()])
        if not invoices:
            return {}
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(["move_id", "display_type"])
        invoices.flush_model(["state", "payment_state", "invoice_date"])
        self.env.cr.execute(
            SQL(
                f"""SELECT am.id, {SETTLED_DAY_SQL.format(move="am")}
                      FROM account_move am
                     WHERE am.id = ANY(%s) AND am.state = 'posted'
                       AND am.payment_state IN ('paid', 'in_payment')""",
                invoices.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    def _xs_check_settled_lock(self, before):
        """R22: refuse a reconciliation or unreconciliation that makes a campaign invoice
        of ``self`` paid, unpaid or paid on another day, when that day (before or after,
        ``before`` being ``_xs_settled_days`` taken first) lies in a filed period."""
        after = self._xs_settled_days()
        for move, campaigns in self._xs_campaign_invoices().items():
            old, new = before.get(move.id), after.get(move.id)
            if old == new:
                continue
            for day in {old, new} - {None}:
                campaigns._xs_check_period_open(
                    day, _("The payment of invoice %(name)s", name=move.name)
                )
