from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        # A done move's quantity is its lines': editing them changes what was delivered on
        # the move's day (R22, stock.move._xs_check_period_lock).
        res = super().write(vals)
        if "quantity" in vals or "quantity_product_uom" in vals:
            self.move_id._xs_check_period_lock()
        return res
