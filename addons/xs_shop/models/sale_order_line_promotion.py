from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    xs_promotion_discount = fields.Monetary(
        string="Promotion Subsidy",
        compute="_compute_xs_promotion_discount",
        store=True,
        help="R27, R22: this entry's share of the order's promotion discounts (untaxed), "
        "paid by the promotions' funders instead of the buyer: what the person paid for the "
        "line is its amount minus this share, and that is what the line counts. The "
        "discounts are spread over the order's entries in proportion to their amounts, to "
        "the fen, the rounding remainder on the largest line.",
    )

    @api.depends(
        "order_id.order_line.reward_id",
        "order_id.order_line.price_subtotal",
        "order_id.order_line.xs_declaration_id",
    )
    def _compute_xs_promotion_discount(self):
        shares = {}
        for order in self.order_id:
            entries = order.order_line.filtered(
                lambda line: line.xs_declaration_id and not line.reward_id
            )
            discount = -sum(order.order_line.filtered("reward_id").mapped("price_subtotal"))
            spread = order._xs_spread(discount, entries.mapped("price_subtotal"))
            shares.update(zip(entries, spread, strict=True))
        for line in self:
            line.xs_promotion_discount = shares.get(line, 0.0)
