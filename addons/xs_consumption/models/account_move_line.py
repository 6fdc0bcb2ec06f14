from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

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
        before = invoices._xs_settled_days()
        res = super()._reconcile_plan(reconciliation_plan)
        invoices._xs_check_settled_lock(before)
        return res
