from odoo import models

# What the invoiced and paid figures of a campaign invoice line come from (xs.counted.line):
# its amounts, and what they are computed from, its invoice and its sale lines.
COUNTED_FIELDS = {
    "move_id",
    "sale_line_ids",
    "display_type",
    "price_subtotal",
    "price_total",
    "balance",
    "debit",
    "credit",
    "amount_currency",
    "currency_id",
    "quantity",
    "price_unit",
    "discount",
    "tax_ids",
}


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def write(self, vals):
        # R22: a line of a posted campaign invoice counts as invoiced on its invoice date;
        # where core lets a posted line be written, a filed figure must not move.
        if COUNTED_FIELDS.intersection(vals):
            self.move_id.filtered(lambda m: m.state == "posted")._xs_check_invoiced_lock()
        res = super().write(vals)
        if "move_id" in vals or "sale_line_ids" in vals:
            # Nor may a line be moved into one (or invoice campaign sales in one).
            self.move_id.filtered(lambda m: m.state == "posted")._xs_check_invoiced_lock()
        return res

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
