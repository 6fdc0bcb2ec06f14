from odoo import _, models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        sale_line = self.sale_line_id
        if sale_line.xs_declaration_id:
            # Buy + MTO: the purchase line created for this delivery keeps its sale line
            # (so it is never merged with another order's) and buys from the declaring seller.
            values["sale_line_id"] = sale_line.id
            values["supplierinfo_id"] = sale_line.xs_declaration_id._xs_supplierinfo()
            values["supplierinfo_name"] = sale_line.xs_declaration_id.seller_id
        return values

    def write(self, vals):
        # R22: a done delivery or return of a campaign sale line counts as delivered on the
        # day it was done (xs.counted.line: to a customer or into inter-company transit,
        # back from one): undoing it, moving it or validating it into a filed period is
        # refused.
        with self.env["xs.counted.line"]._xs_period_lock(
            "stock_move_id",
            self._xs_counted_moves,
            lambda move: move._xs_delivery_label(),
            model=self._name,
            vals=vals,
        ):
            return super().write(vals)

    def _xs_counted_moves(self):
        """The moves of ``self`` that may count as delivered (xs.counted.line says which)."""
        return self.filtered(lambda m: m.state == "done" and m.sale_line_id)

    def _xs_delivery_label(self):
        return _("Delivery %(name)s", name=self.reference or self.picking_id.name or "")
