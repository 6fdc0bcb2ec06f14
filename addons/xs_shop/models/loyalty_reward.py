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

    def _create_missing_discount_line_products(self):
        # sudo: the county runs its promotions, not the catalogue's products: a reward's
        # discount line product is a technical service product made with it.
        return super(LoyaltyReward, self.sudo())._create_missing_discount_line_products()

    def write(self, vals):
        if {"description", "active"} & vals.keys():
            # The discount line product is renamed or archived with its reward (core): the
            # county may change its rewards, not the catalogue's products.
            self.check_access("write")
            return super(LoyaltyReward, self.sudo()).write(vals)
        return super().write(vals)
