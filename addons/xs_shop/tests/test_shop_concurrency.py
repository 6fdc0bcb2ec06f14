import uuid

from odoo import Command
from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_race import XsRaceCase


@tagged("post_install", "-at_install")
class TestShopLastUnits(XsRaceCase):
    """R10, R27: two people pay for the last 8 units of an entry at the same moment, in two
    transactions on two real cursors (two carts, each checking out as the payment route
    does): exactly one order is held, the other person is told what sold out, and no
    payment is started for it."""

    QUANTITY = 8

    def setUp(self):
        super().setUp()
        with self._xs_env() as env:  # committed: both transactions must see it
            campaign = self._xs_race_campaign(
                env, "Shop Concurrency Campaign", ["shop", "ecommerce"]
            )
            tag = uuid.uuid4().hex[:8]  # committed data: unique names across runs
            shop = campaign.action_ids.filtered(lambda a: a.action_type == "shop")
            entry = self._xs_race_entry(
                env,
                campaign,
                (f"Shop Race Town {tag}", f"Shop Race Coop {tag}", "Shop Race Honey"),
                {
                    "quantity": self.QUANTITY,
                    "price_unit": 30,
                    "channel_action_ids": [Command.set(shop.ids)],
                },
            )
            product = entry.product_id
            website = env.ref("website.default_website")
            orders = env["sale.order"]
            for name in ("Shop Racer 1", "Shop Racer 2"):
                person = env["res.partner"].create({"name": f"{name} {tag}"})
                person._xs_shop_set_person_channel()
                order = env["sale.order"].create(
                    {"partner_id": person.id, "website_id": website.id}
                )
                order._cart_update(product.id, add_qty=self.QUANTITY, xs_declaration_id=entry.id)
                orders |= order
            self.campaign_id, self.entry_id, self.order_ids = campaign.id, entry.id, orders.ids
        self._xs_cleanup_committed(self._cleanup)

    def _cleanup(self, env):
        env["sale.order"].browse(self.order_ids)._action_cancel()
        # Committed data: its entry leaves the shop of later tests.
        entry = env["xs.surplus.declaration"].browse(self.entry_id)
        entry._xs_workflow_write({"state": "closed"})
        entry.township_id.active = False  # nor its township in later returns
        env["xs.campaign"].browse(self.campaign_id).active = False

    def _hold(self, order_id):
        """What a side of the race runs: check the cart out as the payment route does."""
        return self._xs_call("sale.order", order_id, "_xs_shop_hold", "held")

    def test_r27_two_carts_pay_for_the_last_units_at_once(self):
        outcome = self._xs_race(self._hold(self.order_ids[0]), self._hold(self.order_ids[1]))
        self.assertEqual(outcome.get("first"), "held", outcome)
        self.assertIn("Sold out just now: Shop Race Honey", outcome.get("second", ""), outcome)
        self.assertIn("nothing was charged", outcome["second"])
        self.assertGreaterEqual(outcome["attempts"], 2, "the loser conflicted and was retried")
        with self._xs_env() as env:
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            self.assertFalse(orders[1].transaction_ids)
            entry = env["xs.surplus.declaration"].browse(self.entry_id)
            self.assertEqual(entry.qty_ordered, self.QUANTITY)
            self.assertEqual(entry.state, "sold_out")
