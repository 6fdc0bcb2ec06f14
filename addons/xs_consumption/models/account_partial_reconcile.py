from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        # R22: unreconciling can make a campaign invoice unpaid, or paid on another day
        # (account.move._xs_settled_lock).
        invoices = (self.debit_move_id | self.credit_move_id).move_id
        with invoices._xs_settled_lock():
            return super().unlink()
