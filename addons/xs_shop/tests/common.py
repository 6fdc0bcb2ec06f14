from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


class XsShopCommon(XsOrdersCommon):
    """The orders' campaign publishes its two sellers' entries to residents and staff too;
    two residents buy in the shop."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env.ref("website.default_website")
        cls.action_shop = cls.env["xs.campaign.action"].create(
            {"campaign_id": cls.campaign.id, "action_type": "shop"}
        )
        cls.action_east_west = cls.env["xs.campaign.action"].create(
            {"campaign_id": cls.campaign.id, "action_type": "east_west"}
        )
        (cls.decl_a | cls.decl_b).write({"channel_action_ids": [Command.link(cls.action_shop.id)]})
        cls.user_resident = cls._new_resident("xs_resident", "Resident Zhou")
        cls.user_resident_2 = cls._new_resident("xs_resident_2", "Resident Wu")

    @classmethod
    def _new_resident(cls, login, name):
        user = new_test_user(cls.env, login=login, groups="base.group_portal", lang="en_US")
        user.partner_id.write(
            {"name": name, "street": "Fenghuang Road 8", "city": "Xiushan", "zip": "409900"}
        )
        user.partner_id._xs_shop_set_person_channel()
        return user

    @classmethod
    def _cart(cls, user, lines=()):
        """A shop cart of ``user`` holding ``lines``: [(entry, quantity)], as the shop's
        add-to-cart route fills it."""
        order = cls.env["sale.order"].create(
            {"partner_id": user.partner_id.id, "website_id": cls.website.id}
        )
        for entry, qty in lines:
            order._cart_update(entry.product_id.id, add_qty=qty, xs_declaration_id=entry.id)
        return order
