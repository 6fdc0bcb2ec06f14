from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _xs_spread(self, amount, weights):
        """``amount`` spread over ``weights`` in proportion, each share rounded to the fen
        (the order's currency, else the company's) and the rounding remainder on the largest
        weight (the first of equal ones), so the shares add up to ``amount`` exactly (R22)."""
        currency = self[:1].currency_id or self.env.company.currency_id
        total = sum(weights)
        if not weights or currency.is_zero(amount) or not total:
            return [0.0] * len(weights)
        shares = [currency.round(amount * weight / total) for weight in weights]
        largest = max(range(len(weights)), key=lambda i: (weights[i], -i))
        shares[largest] = currency.round(amount - sum(shares) + shares[largest])
        return shares

    def _xs_shop_promotion_event(self):
        """R12: the campaign event of the promotion applied to this order, if any."""
        self.ensure_one()
        # sudo: a person applies promotions but reads no program.
        events_sudo = self.order_line.sudo().reward_id.program_id.xs_event_id
        return events_sudo.filtered(lambda e: e.campaign_id == self.xs_campaign_id)[:1]

    def _xs_shop_hold(self):
        # R12, R27: an order a promotion of an event discounted counts under that event.
        for order in self.filtered(lambda o: o.state == "draft" and not o.xs_event_id):
            event = order._xs_shop_promotion_event()
            if event:
                order.xs_event_id = event
        return super()._xs_shop_hold()
