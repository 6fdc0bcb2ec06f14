import threading
import time
import uuid

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from odoo.addons.xs_consumption.tools import xs_today


@tagged("post_install", "-at_install")
class TestShopLastUnits(BaseCase):
    """R10, R27: two people pay for the last 8 units of an entry at the same moment, in two
    transactions on two real cursors (two carts, each checking out as the payment route
    does): exactly one order is held, the other person is told what sold out, and no
    payment is started for it."""

    QUANTITY = 8

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:  # committed: both transactions must see it
            env = api.Environment(cr, SUPERUSER_ID, {})
            today = xs_today(env)
            day = relativedelta(days=1)
            campaign = env["xs.campaign"].create(
                {
                    "name": "Shop Concurrency Campaign",
                    "date_start": today - 60 * day,
                    "date_end": today + 60 * day,
                    "phase_ids": [
                        Command.create(
                            {
                                "phase_type": phase,
                                "date_start": today - 60 * day,
                                "date_end": today + 60 * day,
                            }
                        )
                        for phase in ("preparation", "implementation")
                    ],
                    "action_ids": [
                        Command.create({"action_type": "shop"}),
                        Command.create({"action_type": "ecommerce"}),
                    ],
                }
            )
            tag = uuid.uuid4().hex[:8]  # committed data: unique names across runs
            township = env["xs.township"].create({"name": f"Shop Race Town {tag}"})
            seller = env["res.partner"].create(
                {"name": f"Shop Race Coop {tag}", "xs_seller_type": "cooperative"}
            )
            product = env["product.product"].create({"name": "Shop Race Honey", "type": "consu"})
            shop = campaign.action_ids.filtered(lambda a: a.action_type == "shop")
            entry = env["xs.surplus.declaration"].create(
                {
                    "campaign_id": campaign.id,
                    "township_id": township.id,
                    "seller_id": seller.id,
                    "product_id": product.id,
                    "quantity": self.QUANTITY,
                    "price_unit": 30,
                    "date_available_from": today,
                    "date_available_to": today + 30 * day,
                    "channel_action_ids": [Command.set(shop.ids)],
                }
            )
            entry.action_submit()
            entry.action_verify()
            entry.action_list()
            campaign.phase_ids.filtered(lambda p: p.phase_type == "preparation").action_close()
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
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sale.order"].browse(self.order_ids)._action_cancel()
            # Committed data: its entry leaves the shop of later tests.
            entry = env["xs.surplus.declaration"].browse(self.entry_id)
            entry._xs_workflow_write({"state": "closed"})
            entry.township_id.active = False  # nor its township in later returns
            env["xs.campaign"].browse(self.campaign_id).active = False

    def test_r27_two_carts_pay_for_the_last_units_at_once(self):
        # The server holds the registry lock while it runs post-install tests; release it
        # for this test only, as Registry.enter_test_mode() does.
        saved = Registry._lock
        Registry._lock = DummyRLock()
        self.addCleanup(setattr, Registry, "_lock", saved)
        first_held, second_started = threading.Event(), threading.Event()
        outcome = {}

        def first():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["sale.order"].browse(self.order_ids[0])._xs_shop_hold()
                env.flush_all()
                first_held.set()
                second_started.wait(10)
                time.sleep(1.0)  # the second one is now blocked on the entry's row
            outcome["first"] = "held"

        def second():
            first_held.wait(10)
            attempts = []
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})

                def hold():
                    attempts.append(1)
                    env.cr.execute("SELECT 1")  # this transaction's snapshot, taken now
                    second_started.set()
                    env["sale.order"].browse(self.order_ids[1])._xs_shop_hold()

                try:
                    with mute_logger("odoo.sql_db", "odoo.service.model"):
                        retrying(hold, env)  # what Odoo does around every request
                    outcome["second"] = "held"
                except UserError as e:
                    cr.rollback()
                    outcome["second"] = str(e)
            outcome["attempts"] = len(attempts)

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

        self.assertEqual(outcome.get("first"), "held", outcome)
        self.assertIn("Sold out just now: Shop Race Honey", outcome.get("second", ""), outcome)
        self.assertIn("nothing was charged", outcome["second"])
        self.assertGreaterEqual(outcome["attempts"], 2, "the loser conflicted and was retried")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            self.assertFalse(orders[1].transaction_ids)
            entry = env["xs.surplus.declaration"].browse(self.entry_id)
            self.assertEqual(entry.qty_ordered, self.QUANTITY)
            self.assertEqual(entry.state, "sold_out")
