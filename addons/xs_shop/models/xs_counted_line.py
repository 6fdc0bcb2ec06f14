from odoo import fields, models

from .xs_campaign_action import SHOP_CHANNEL, SHOP_CHANNEL_SELECTION


class XsCountedLine(models.Model):
    _inherit = "xs.counted.line"
    _depends = {
        "sale.order": ["xs_shop_work_unit_id"],
        "sale.order.line": ["is_delivery", "reward_id", "xs_promotion_discount"],
    }

    # Shop orders never count under the publication channel itself (sale.order
    # _check_xs_shop_action); the value is known so that the view's column reads.
    action_type = fields.Selection(
        selection_add=SHOP_CHANNEL_SELECTION, ondelete={SHOP_CHANNEL: "cascade"}
    )

    def _xs_buyer_category_sql(self):
        # R27: a person buying in the shop with a work unit or union counts in the column of
        # that organisation's category (staff of an agency under agencies, institutions and
        # enterprises); the person has none of its own.
        return f"""COALESCE(
                       (SELECT wu.xs_buyer_category
                          FROM sale_order wso
                          JOIN res_partner wu ON wu.id = wso.xs_shop_work_unit_id
                         WHERE wso.id = l.sale_order_id),
                       {super()._xs_buyer_category_sql()})"""

    def _xs_platform_line_sql(self):
        # R27: a shop order's delivery line (collection or home delivery, and its fee) sells
        # no farmer's produce: it counts for nothing.
        # A promotion's discount line is no produce either: its discount is spread over the
        # order's entries (sale.order.line.xs_promotion_discount, _xs_platform_amount_sql).
        return (
            super()._xs_platform_line_sql()
            + " AND NOT COALESCE(sol.is_delivery, FALSE) AND sol.reward_id IS NULL"
        )

    def _xs_platform_amount_sql(self, amount):
        # R27, R22: the counted amount of a shop order a promotion discounted is what the
        # person paid: each row of an entry's line counts its amount less the line's share
        # of the discount (in proportion, to the fen), which the promotion's funder pays
        # (xs.reconciliation.line). The order's row counts exactly the line's amount less
        # its share; a delivery's, invoice's or payment's row its own part of it.
        amount = super()._xs_platform_amount_sql(amount)
        return f"""CASE WHEN COALESCE(sol.xs_promotion_discount, 0) = 0 THEN {amount}
                        ELSE ROUND(({amount}) * (sol.price_subtotal - sol.xs_promotion_discount)
                                   / sol.price_subtotal, 2) END"""
