from odoo import _, api, models
from odoo.exceptions import ValidationError


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    @api.constrains("reward_type", "discount_applicability", "program_id")
    def _check_xs_event_reward(self):
        # R27: an event's promotion lowers what the person pays for the whole order; the
        # discount is spread over the order's entries (sale.order.line
        # xs_promotion_discount). A free product or a discount on some products only would
        # need an entry of its own or its own spread: not offered.
        for reward in self.filtered("program_id.xs_event_id"):
            if reward.reward_type != "discount" or reward.discount_applicability != "order":
                raise ValidationError(
                    _(
                        "%(program)s: a promotion of an event gives a discount on the whole order.",
                        program=reward.program_id.name,
                    )
                )
