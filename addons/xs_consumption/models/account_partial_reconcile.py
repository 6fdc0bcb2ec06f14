from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        # R22: unreconciling can make a campaign invoice unpaid, or paid on another day
        # (account.move._xs_check_settled_lock).
        invoices = (self.debit_move_id | self.credit_move_id).move_id
        before = invoices._xs_settled_days()
        res = super().unlink()
        invoices._xs_check_settled_lock(before)
        return res
