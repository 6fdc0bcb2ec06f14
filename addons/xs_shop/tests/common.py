from datetime import timedelta

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

    def _pay_in_shop(self, order, state="done"):
        """A payment of ``order`` by the demo provider, processed as Odoo processes it
        (state set, then the post-processing the status page or its cron runs)."""
        provider = self.env.ref("payment.payment_provider_demo")
        provider.state = "test"
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": order.partner_invoice_id.id,
                    "reference": f"{order.name}-test",
                    "operation": "online_direct",
                    "sale_order_ids": [Command.set(order.ids)],
                }
            )
        )
        {"done": tx._set_done, "error": lambda: tx._set_error("declined")}[state]()
        tx._post_process()
        return tx

    @classmethod
    def _new_promotion(cls, **values):
        """A 12.12 promotion (10% off the whole order) of the campaign's event that runs
        today, funded by the county's finance bureau (R27, R12)."""
        event = cls.env["xs.event"].create(
            {
                "name": "Double Twelve",
                "event_type": "promotion",
                "campaign_id": cls.campaign.id,
                "date_start": cls.today - timedelta(days=1),
                "date_end": cls.today + timedelta(days=1),
            }
        )
        funder = cls.env["res.partner"].create(
            {"name": "County Finance Bureau", "is_company": True}
        )
        return cls.env["loyalty.program"].create(
            {
                "name": "12.12: 10% off",
                "program_type": "promotion",
                "trigger": "auto",
                "applies_on": "current",
                "xs_event_id": event.id,
                "xs_funder_id": funder.id,
                "rule_ids": [
                    Command.clear(),
                    Command.create({"reward_point_mode": "order", "minimum_amount": 0}),
                ],
                "reward_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "percent",
                            "discount_applicability": "order",
                        }
                    ),
                ],
                **values,
            }
        )
