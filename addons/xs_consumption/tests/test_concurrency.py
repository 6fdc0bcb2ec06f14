from odoo import SUPERUSER_ID, api
from odoo.tests import tagged

from ..tools import xs_workflow_write
from .common_race import ConcurrentConfirmCase


class ConfirmRaceCase(ConcurrentConfirmCase):
    """Both orders of the committed entry confirmed at the same moment."""

    def _race(self):
        """Confirm both orders at once; {first, second: outcome or error, attempts}."""
        return self._xs_race(
            self._xs_confirm(self.order_ids[0]), self._xs_confirm(self.order_ids[1])
        )


@tagged("post_install", "-at_install")
class TestConcurrentOversell(ConfirmRaceCase):
    """R10: two buyers confirm the last units at the same moment, in two transactions on
    two real cursors; exactly one wins, the other is told what is left."""

    def test_r10_two_buyers_confirm_the_last_units_at_once(self):
        outcome = self._race()
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertIn("Only 2", outcome.get("second", ""), outcome)
        self.assertGreaterEqual(outcome["attempts"], 2, "the loser conflicted and was retried")
        with self._xs_env() as env:
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8)
            self.assertEqual(declaration.qty_remaining, 2)
            self.assertEqual(len(orders[0].order_line.purchase_line_ids), 1)
            self.assertFalse(orders[1].order_line.purchase_line_ids)


@tagged("post_install", "-at_install")
class TestConcurrentBuyerLimit(ConfirmRaceCase):
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
        with self._xs_env() as env:
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "draft"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8)


class SecondAsksCase(ConfirmRaceCase):
    """The second buyer asks for ``SECOND_QTY`` while the first confirms 8 of 10 and
    holds the entry's lock."""

    SECOND_QTY = 2

    def setUp(self):
        super().setUp()
        with self._xs_env() as env:
            line = env["sale.order"].browse(self.order_ids[1]).order_line
            line.product_uom_qty = self.SECOND_QTY


@tagged("post_install", "-at_install")
class TestRetriedLastUnits(SecondAsksCase):
    """R10: a buyer waiting behind the order taking 8 of 10 conflicts when it commits,
    and Odoo's retry takes the last 2 on a snapshot that sees that order."""

    def test_r10_waiting_buyer_takes_the_last_units_on_a_fresh_snapshot(self):
        outcome = self._race()
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertEqual(outcome.get("second"), "confirmed", outcome)
        self.assertGreaterEqual(outcome["attempts"], 2, "the waiter conflicted and was retried")
        with self._xs_env() as env:
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale", "sale"])
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 10)
            self.assertEqual(declaration.state, "sold_out")
            self.assertEqual(len(orders.order_line.purchase_line_ids), 2)


@tagged("post_install", "-at_install")
class TestRetriedTooMuch(SecondAsksCase):
    """R10: a buyer asking 5 while the order ahead takes 8 of 10 is refused once that
    order commits, on what is left: nothing oversold."""

    SECOND_QTY = 5

    def test_r10_waiting_buyer_asking_more_than_left_is_refused(self):
        outcome = self._race()
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertIn("Only 2", outcome.get("second", ""), outcome)
        self.assertGreaterEqual(outcome["attempts"], 2, "refused on the retried snapshot")
        with self._xs_env() as env:
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
        with self._xs_env() as env:
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
        with self._xs_env() as env:
            for _copy in range(2):
                order = env["sale.order"].browse(second).copy()
                order.order_line.product_uom_qty = 2
                self.order_ids.append(order.id)
        third, fourth = self.order_ids[2:]
        self._pending(third)
        self._side_by_side(third, fourth, job_first=True)
        with self._xs_env() as env:
            orders = env["sale.order"].browse(self.order_ids)
            self.assertEqual(orders.mapped("state"), ["sale"] * 4)
            self.assertFalse(orders.filtered("xs_purchase_pending"))
            for order in orders:
                self.assertEqual(order._xs_purchase_orders().state, "purchase", order.name)
            declaration = env["xs.surplus.declaration"].browse(self.declaration_id)
            self.assertEqual(declaration.qty_ordered, 8 + 8 + 2 + 2)
