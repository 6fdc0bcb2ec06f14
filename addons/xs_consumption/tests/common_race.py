import threading
import time
import uuid
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from ..tools import xs_today

# The serialization failures a race is expected to meet, logged by the cursor and retried.
QUIET = ("odoo.sql_db", "odoo.service.model")


class XsRaceCase(BaseCase):
    """Two transactions on two real cursors of the test database (REPEATABLE READ, as
    every request), on data committed for them: what one holds, the other meets. Whatever
    a test commits, it removes in a cleanup (``_xs_cleanup_committed``)."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())

    @contextmanager
    def _xs_env(self, uid=SUPERUSER_ID):
        """An environment on a cursor of its own, committed when the block ends."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, uid, {})

    def _xs_cleanup_committed(self, function):
        """Run ``function(env)`` and commit when the test ends: it removes (or archives,
        closes) what the test committed, so that later tests do not meet it."""

        def cleanup():
            with self._xs_env() as env:
                function(env)

        self.addCleanup(cleanup)

    def _xs_unlock_registry(self):
        # The server holds the registry lock while it runs post-install tests; worker
        # threads creating environments would wait for it forever. Release it the way
        # Registry.enter_test_mode() does, for this test only.
        saved = Registry._lock
        Registry._lock = DummyRLock()
        self.addCleanup(setattr, Registry, "_lock", saved)

    @staticmethod
    def _xs_call(model, record_id, method, done):
        """A side of a race: ``method`` of the record, then ``done`` as its outcome."""

        def call(env):
            getattr(env[model].browse(record_id), method)()
            return done

        return call

    @staticmethod
    def _xs_retry_as_a_request(env, function):
        """``function()`` retried as Odoo retries every request on a serialization failure;
        (its result or the message of the UserError it ends in, how many attempts)."""
        attempts = []

        def attempt():
            attempts.append(1)
            return function()

        try:
            with mute_logger(*QUIET):
                result = retrying(attempt, env)
        except UserError as e:
            env.cr.rollback()  # as Odoo does for a request that ends in an error
            result = str(e)
        return result, len(attempts)

    @staticmethod
    def _xs_wait_until_waiting(cr, pid, seconds=10):
        """Whether the backend ``pid`` is seen waiting on a lock within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            # Activity is read once per transaction unless its snapshot is cleared.
            cr.execute("SELECT pg_stat_clear_snapshot()")
            cr.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cr.fetchone()
            if row and row[0] == "Lock":
                return True
            time.sleep(0.05)
        return False

    @staticmethod
    def _xs_race_campaign(env, name, action_types):
        """A campaign in preparation and implementation around today, with a campaign
        action of each of ``action_types``."""
        today = xs_today(env)
        day = relativedelta(days=1)
        return env["xs.campaign"].create(
            {
                "name": name,
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
                    Command.create({"action_type": action_type}) for action_type in action_types
                ],
            }
        )

    @staticmethod
    def _xs_race_entry(env, campaign, names, vals):
        """A listed entry of ``campaign`` (``vals``: quantity, price, channels...), of a
        new township, seller and product named ``names``, available from today for 30
        days; the preparation phase is then over (the catalogue is out)."""
        township_name, seller_name, product_name = names
        today = xs_today(env)
        township = env["xs.township"].create({"name": township_name})
        seller = env["res.partner"].create({"name": seller_name, "xs_seller_type": "cooperative"})
        product = env["product.product"].create({"name": product_name, "type": "consu"})
        entry = env["xs.surplus.declaration"].create(
            {
                "campaign_id": campaign.id,
                "township_id": township.id,
                "seller_id": seller.id,
                "product_id": product.id,
                "date_available_from": today,
                "date_available_to": today + relativedelta(days=30),
                **vals,
            }
        )
        entry.action_submit()
        entry.action_verify()
        entry.action_list()
        campaign.phase_ids.filtered(lambda p: p.phase_type == "preparation").action_close()
        return entry

    def _xs_race(self, first, second, first_uid=SUPERUSER_ID, second_uid=SUPERUSER_ID, **hooks):
        """Run ``first(env)`` in one transaction and, while it holds what it locked,
        ``second(env)`` in another whose snapshot is taken before the first commits; the
        first commits once the second is seen waiting on a lock. The second is retried as
        Odoo retries a request.

        Hooks: ``between()`` runs once the first holds, before the second starts;
        ``snapshot(env)`` is what the second reads first (it takes its snapshot).

        Returns {"first": what ``first`` returned, "second": what ``second`` returned or
        the message of the UserError it ended in, "attempts": the second's attempts,
        "waited": whether the second was seen waiting, "snapshot": what ``snapshot``
        returned}."""
        self._xs_unlock_registry()
        first_holds, second_started = threading.Event(), threading.Event()
        outcome = {}

        def run_first():
            with self._xs_env(first_uid) as env:
                result = first(env)
                env.flush_all()
                first_holds.set()
                second_started.wait(10)
                outcome["waited"] = self._xs_wait_until_waiting(env.cr, outcome.get("pid"))
            outcome["first"] = result

        def run_second():
            with self._xs_env(second_uid) as env:
                env.cr.execute("SELECT pg_backend_pid()")  # the snapshot is taken here
                outcome["pid"] = env.cr.fetchone()[0]
                if hooks.get("snapshot"):
                    outcome["snapshot"] = hooks["snapshot"](env)
                second_started.set()
                outcome["second"], outcome["attempts"] = self._xs_retry_as_a_request(
                    env, lambda: second(env)
                )

        first_thread = threading.Thread(target=run_first)
        second_thread = threading.Thread(target=run_second)
        first_thread.start()
        first_holds.wait(10)
        if hooks.get("between"):
            hooks["between"]()
        second_thread.start()
        for thread in (first_thread, second_thread):
            thread.join(60)
        return outcome

    def _xs_behind(self, ahead, behind, snapshot=None):
        """Run ``behind(env)`` in a transaction whose snapshot (``snapshot(env)``, read
        first) predates ``ahead(env)``, run and committed in another transaction meanwhile;
        ``behind`` is retried as Odoo retries a request. Returns (what ``behind`` returned
        or the message of the UserError it ended in, its attempts)."""
        with self._xs_env() as behind_env:
            if snapshot:
                snapshot(behind_env)
            else:
                behind_env.cr.execute("SELECT 1")
            with self._xs_env() as ahead_env:
                ahead(ahead_env)
            return self._xs_retry_as_a_request(behind_env, lambda: behind(behind_env))


class ConcurrentConfirmCase(XsRaceCase):
    """Two sale orders of one catalogue entry, committed, for two transactions on two real
    cursors. ``QUANTITY`` declared, ``MAX_PER_BUYER`` (0: none), each order asks for
    ``ORDER_QTY``; ``SAME_BUYER``: both orders are one buyer organisation's."""

    QUANTITY = 10
    MAX_PER_BUYER = 0
    ORDER_QTY = 8
    SAME_BUYER = False

    def setUp(self):
        super().setUp()
        with self._xs_env() as env:  # committed: both transactions must see it
            campaign = self._xs_race_campaign(env, "Concurrency Campaign", ["school"])
            tag = uuid.uuid4().hex[:8]  # committed data: unique names across runs
            declaration = self._xs_race_entry(
                env,
                campaign,
                (f"Concurrency Town {tag}", "Concurrency Coop", "Concurrency Radish"),
                {
                    "quantity": self.QUANTITY,
                    "max_qty_per_buyer": self.MAX_PER_BUYER,
                    "price_unit": 3,
                    "channel_action_ids": [Command.set(campaign.action_ids.ids)],
                },
            )
            orders = self._xs_race_orders(env, campaign, declaration)
            self.campaign_id, self.declaration_id, self.order_ids = (
                campaign.id,
                declaration.id,
                orders.ids,
            )
        self._xs_cleanup_committed(self._cleanup)

    def _xs_race_orders(self, env, campaign, declaration):
        school = env["res.partner"].create(
            {"name": "Concurrency School", "xs_buyer_category": "school"}
        )
        return env["sale.order"].create(
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

    def _cleanup(self, env):
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

    def _xs_confirm(self, order_id):
        """What a side of a race runs to confirm the order ``order_id``."""
        return self._xs_call("sale.order", order_id, "action_confirm", "confirmed")
