from odoo import _, models

from ..tools import xs_date

# A change of these fields of a done move moves the delivered figure of its day.
DELIVERED_FIELDS = {
    "state",
    "date",
    "quantity",
    "product_uom",
    "product_id",
    "location_id",
    "location_dest_id",
    "sale_line_id",
    "to_refund",
    # A scrapped move or a return (of another move) is not a delivery (xs.counted.line).
    "scrapped",
    "origin_returned_move_id",
}


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
        if DELIVERED_FIELDS.intersection(vals):
            # Done already: undoing or moving it changes the figure of its day...
            self._xs_check_period_lock()
        res = super().write(vals)
        if DELIVERED_FIELDS.intersection(vals):
            # ...and validating it (state and date written together) or moving it counts
            # it on its new day.
            self._xs_check_period_lock()
        return res

    def _xs_check_period_lock(self):
        """R22: a done delivery or return of a campaign sale line counts as delivered on
        the day it was done (xs.counted.line); refuse one on a day of a filed period."""
        moves = self.filtered(lambda m: m.state == "done" and m.sale_line_id)
        # sudo: the campaign and its periods bind whoever validates the delivery.
        for move in moves.sudo():
            line = move.sale_line_id
            campaign = line.order_id.xs_campaign_id
            if not campaign or line.state != "sale":
                continue
            if "customer" not in (move.location_id.usage, move.location_dest_id.usage):
                continue
            campaign._xs_check_period_open(
                xs_date(move.date),
                _("Delivery %(name)s", name=move.reference or move.picking_id.name or ""),
            )
