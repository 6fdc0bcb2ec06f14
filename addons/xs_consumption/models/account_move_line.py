from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        # R22: a line of a posted campaign invoice counts as invoiced on its invoice date;
        # where core lets a posted line be written, a filed figure must not move: nor may
        # a line be moved into one (or invoice campaign sales in one).
        with self.env["xs.counted.line"]._xs_period_lock(
            "invoice_id",
            lambda: self.move_id._xs_counted_invoices(),
            lambda move: move._xs_invoice_label(),
            model=self._name,
            vals=vals,
        ):
            return super().write(vals)

    def _reconcile_plan(self, reconciliation_plan):
        # R22, every reconciliation goes through here (payments, matching, refunds): a
        # campaign invoice counts as paid on the day it was settled (xs.counted.line).
        def flatten(plan):
            for item in plan:
                if isinstance(item, models.BaseModel):
                    yield item
                else:
                    yield from flatten(item)

        invoices = self.browse().union(*flatten(reconciliation_plan)).move_id
        with invoices._xs_settled_lock():
            return super()._reconcile_plan(reconciliation_plan)
