from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _xs_produce_lines(self):
        # The shop's delivery fee and promotion discounts sell no produce (nor do they
        # count: xs.counted.line._xs_platform_line_sql).
        return (
            super()
            ._xs_produce_lines()
            .filtered(lambda line: not line.is_delivery and not line.reward_id)
        )
