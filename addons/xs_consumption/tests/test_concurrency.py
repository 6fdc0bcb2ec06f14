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

from ..controllers.portal import xs_queue_for_entries
from ..tools import xs_today, xs_workflow_write


class ConcurrentConfirmCase(BaseCase):
    """Two sale orders of one catalogue entry, committed, for two transactions on two real
    cursors. ``QUANTITY`` declared, ``MAX_PER_BUYER`` (0: none), each order asks for
    ``ORDER_QTY``; ``SAME_BUYER``: both orders are one buyer organisation's."""

    QUANTITY = 10
    MAX_PER_BUYER = 0
    ORDER_QTY = 8
    SAME_BUYER = False

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:  # committed: both transactions must see it
            env = api.Environment(cr, SUPERUSER_ID, {})
            today = xs_today(env)
            day = relativedelta(days=1)
            campaign = env["xs.campaign"].create(
                {
                    "name": "Concurrency Campaign",
                    "date_start": today - 60 * day,
                    "date_end": today + 60 * day,
                    "phase_ids": [
                        Command.create(
                            {
                                "phase_type": "preparation",
                                "date_start": today - 60 * day,
                                "date_end": today + 60 * day,
                            }
                        ),
                        Command.create(
                            {
                                "phase_type": "implementation",
                                "date_start": today - 60 * day,
                                "date_end": today + 60 * day,
                            }
                        ),
                    ],
                    "action_ids": [Command.create({"action_type": "school"})],
                }
            )
            tag = uuid.uuid4().hex[:8]  # committed data: unique names across runs
            township = env["xs.township"].create({"name": f"Concurrency Town {tag}"})
            seller = env["res.partner"].create(
                {"name": "Concurrency Coop", "xs_seller_type": "cooperative"}
            )
            product = env["product.product"].create({"name": "Concurrency Radish", "type": "consu"})
            declaration = env["xs.surplus.declaration"].create(
                {
                    "campaign_id": campaign.id,
                    "township_id": township.id,
                    "seller_id": seller.id,
                    "product_id": product.id,
                    "quantity": self.QUANTITY,
                    "max_qty_per_buyer": self.MAX_PER_BUYER,
                    "price_unit": 3,
                    "date_available_from": today,
                    "date_available_to": today + 30 * day,
                    "channel_action_ids": [Command.set(campaign.action_ids.ids)],
                }
            )
            declaration.action_submit()
            declaration.action_verify()
            declaration.action_list()
            # The preparation phase is over once the catalogue is out: no test's default.
            campaign.phase_ids.filtered(lambda p: p.phase_type == "preparation").action_close()
            school = env["res.partner"].create(
                {"name": "Concurrency School", "xs_buyer_category": "school"}
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": (
                            env["res.partner"].create(
                                {"name": name, "parent_id": school.id, "type": "contact"}
                            )
                            if self.SAME_BUYER
                            else env["res.partner"].create(
                                {"name": name, "xs_buyer_category": "school"}
                            )
                        ).id,
                        "xs_campaign_id": campaign.id,
                        "xs_action_id": campaign.action_ids.id,
                        "order_line": [
                            Command.create(
                                {
                                    "xs_declaration_id": declaration.id,
                                    "product_uom_qty": self.ORDER_QTY,
                                }
                            )
                        ],
                    }
                    for name in ("Concurrency School 1", "Concurrency School 2")
                ]
            )
            self.campaign_id, self.declaration_id, self.order_ids = (
                campaign.id,
                declaration.id,
                orders.ids,
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            purchases = orders.order_line.purchase_line_ids.order_id
            purchases.button_cancel()
            orders._action_cancel()
            # Committed data leaves the buyers' catalogue too (other tests read the demo
            # buyer's pages).
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            if declaration.state in ("listed", "sold_out"):
                declaration.action_close()
            # Nor do its township's rows stay in every later return.
            declaration.township_id.active = False
            env["xs.campaign"].browse(self.campaign_id).active = False

    def _unlock_registry(self):
        # The server holds the registry lock while it runs post-install tests; worker
        # threads creating environments would wait for it forever. Release it the way
        # Registry.enter_test_mode() does, for this test only.
        saved = Registry._lock
        Registry._lock = DummyRLock()
        self.addCleanup(setattr, Registry, "_lock", saved)

    def _race(self, queue=None):
        """Confirm both orders at once; {first, second: outcome or error, attempts}.
        ``queue``: the quantity the second buyer typed, to queue for the entry first as
        the portal's order route does (``xs_queue_for_entries``)."""
        self._unlock_registry()
        first_locked = threading.Event()
        second_started = threading.Event()
        outcome = {}

        def first():
            # Confirms, then keeps its transaction open until the second one is waiting.
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["sale.order"].browse(self.order_ids[0]).action_confirm()
                env.flush_all()
                first_locked.set()
                second_started.wait(10)
                time.sleep(1.0)  # the second one is now blocked on the row
            outcome["first"] = "confirmed"

        def second():
            first_locked.wait(10)
            attempts = []
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})

                def confirm():
                    attempts.append(1)
                    # Take this transaction's snapshot before the first one commits, so
                    # the two really overlap whatever the timing.
                    env.cr.execute("SELECT 1")
                    second_started.set()
                    if queue is not None:
                        xs_queue_for_entries(env, {self.declaration_id: queue})
                    env["sale.order"].browse(self.order_ids[1]).action_confirm()

                try:
                    # The expected serialization failure is logged by the cursor: quiet.
                    with mute_logger("odoo.sql_db", "odoo.service.model"):
                        retrying(confirm, env)  # what Odoo does around every request
                    outcome["second"] = "confirmed"
                except UserError as e:
                    cr.rollback()  # as Odoo does for a request that ends in an error
                    outcome["second"] = str(e)
            outcome["attempts"] = len(attempts)

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return outcome


@tagged("post_install", "-at_install")
class TestConcurrentOversell(ConcurrentConfirmCase):
    """R10: two buyers confirm the last units at the same moment, in two transactions on
    two real cursors; exactly one wins, the other is told what is left."""

    def test_r10_two_buyers_confirm_the_last_units_at_once(self):
        outcome = self._race()
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertIn("Only 2", outcome.get("second", ""), outcome)
        self.assertGreaterEqual(outcome["attempts"], 2, "the loser conflicted and was retried")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8)
            self.assertEqual(declaration.qty_remaining, 2)
            self.assertEqual(len(orders[0].order_line.purchase_line_ids), 1)
            self.assertFalse(orders[1].order_line.purchase_line_ids)


@tagged("post_install", "-at_install")
class TestConcurrentBuyerLimit(ConcurrentConfirmCase):
    """R10: the county allows one buyer at most 10 of an entry of 100; two of its contacts
    confirm 8 each at the same moment, on two real cursors: the limit holds under the same
    row lock as the remaining quantity, the second is told what the buyer already took."""

    QUANTITY = 100
    MAX_PER_BUYER = 10
    SAME_BUYER = True

    def test_r10_one_buyer_cannot_pass_its_limit_with_two_orders_at_once(self):
        outcome = self._race()
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertIn("at most 10", outcome.get("second", ""), outcome)
        self.assertIn("already ordered 8", outcome["second"])
        self.assertGreaterEqual(outcome["attempts"], 2, "the loser conflicted and was retried")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8)


class QueuedConfirmCase(ConcurrentConfirmCase):
    """The second buyer types ``SECOND_QTY`` and queues for the entry as the portal does,
    while the first confirms 8 of 10 and holds the entry's lock."""

    SECOND_QTY = 2

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            line = env["sale.order"].browse(self.order_ids[1]).order_line
            line.product_uom_qty = self.SECOND_QTY


@tagged("post_install", "-at_install")
class TestQueuedLastUnits(QueuedConfirmCase):
    """R10: a buyer queued behind the order taking 8 of 10 gets the lock on a
    snapshot that sees that order, and takes the last 2 without any retry."""

    def test_r10_queued_buyer_takes_the_last_units_on_a_fresh_snapshot(self):
        outcome = self._race(queue=self.SECOND_QTY)
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertEqual(outcome.get("second"), "confirmed", outcome)
        self.assertEqual(outcome["attempts"], 1, "no serialization failure reached Odoo")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "sale"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 10)
            self.assertEqual(declaration.state, "sold_out")
            self.assertEqual(len(orders.order_line.purchase_line_ids), 2)


@tagged("post_install", "-at_install")
class TestQueuedTooMuch(QueuedConfirmCase):
    """R10: a buyer asking 5 while the order ahead takes 8 of 10 leaves the queue
    as soon as that order commits: refused on what is left, nothing oversold, no retry."""

    SECOND_QTY = 5

    def test_r10_queued_buyer_asking_more_than_left_is_refused_at_once(self):
        outcome = self._race(queue=self.SECOND_QTY)
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertIn("Only 2", outcome.get("second", ""), outcome)
        self.assertEqual(outcome["attempts"], 1, "refused on the fresh snapshot, no retry")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8)
            self.assertFalse(orders[1].order_line.purchase_line_ids)


@tagged("post_install", "-at_install")
class TestPurchaseJobBesideTheLock(ConcurrentConfirmCase):
    """The job making a portal order's purchase orders and the orders of the same
    entry never wait for each other, on two real cursors: the job writes none of the rows
    an order locks or counts from (the entry), so the entry's lock stays as short as the
    order's own confirmation."""

    QUANTITY = 30

    def _open(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        cr.execute("SET LOCAL lock_timeout = '3s'")  # waiting would fail the test
        return api.Environment(cr, SUPERUSER_ID, {})

    def _pending(self, order_id):
        # Confirmed as the portal confirms (_xs_portal_create_order): under the lock,
        # without procurement, the sellers' orders left to the job.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(order_id)
            order.with_context(skip_procurement=True).action_confirm()
            xs_workflow_write(order, {"xs_purchase_pending": True})

    def _side_by_side(self, pending_id, order_id, job_first):
        """The job makes ``pending_id``'s purchase orders in one transaction while
        ``order_id`` is confirmed in another (holding the entry's lock); ``job_first``: the
        job's transaction is the one open first, committed last."""

        def job():
            env = self._open()
            env["sale.order"].browse(pending_id)._xs_create_purchases()
            env.flush_all()
            return env

        def order():
            env = self._open()
            env["sale.order"].browse(order_id).action_confirm()
            env.flush_all()
            return env

        first, second = (job, order) if job_first else (order, job)
        held_env = first()
        committed_env = second()
        committed_env.cr.commit()
        held_env.cr.commit()

    def test_r10_purchase_job_and_orders_of_the_entry_do_not_wait(self):
        first, second = self.order_ids
        self._pending(first)
        # An order of the entry confirms and holds the entry's lock, uncommitted, while the
        # job makes the first order's purchase orders and commits.
        self._side_by_side(first, second, job_first=False)
        # The other way round: the job uncommitted, an order of the entry goes through.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            for _copy in range(2):
                order = env["sale.order"].browse(second).copy()
                order.order_line.product_uom_qty = 2
                self.order_ids.append(order.id)
        third, fourth = self.order_ids[2:]
        self._pending(third)
        self._side_by_side(third, fourth, job_first=True)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale"] * 4)
            self.assertFalse(orders.filtered("xs_purchase_pending"))
            for order in orders:
                self.assertEqual(order._xs_purchase_orders().state, "purchase", order.name)
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8 + 8 + 2 + 2)
