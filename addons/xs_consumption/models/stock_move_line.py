from odoo import models


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        # A done move's quantity is its lines': editing them changes what was delivered on
        # the move's day (R22, stock.move.write).
        with self.env["xs.counted.line"]._xs_period_lock(
            "stock_move_id",
            lambda: self.move_id._xs_counted_moves(),
            lambda move: move._xs_delivery_label(),
            model=self._name,
            vals=vals,
        ):
            return super().write(vals)
