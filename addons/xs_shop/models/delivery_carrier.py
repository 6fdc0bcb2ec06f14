from odoo import fields, models


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    xs_collect_at_work_unit = fields.Boolean(
        string="Collected at the Work Unit",
        help="R27: the person collects the order at the work unit or union they buy with: the "
        "order ships to its collection address and is handed out on its collection day.",
    )

    def _is_available_for_order(self, order):
        # Collected at the work unit: only for a person who buys with a work unit taking part.
        if self.xs_collect_at_work_unit and not order.xs_shop_work_unit_id.xs_shop_work_unit:
            return False
        return super()._is_available_for_order(order)
