import io
import threading
import time

from openpyxl import load_workbook
from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.xs_consumption.tests.test_concurrency import ConcurrentConfirmCase
from odoo.addons.xs_consumption.tools import xs_today

QUIET = ("odoo.sql_db", "odoo.service.model")  # the expected serialization failures


@tagged("post_install", "-at_install")
class TestFilingConcurrency(ConcurrentConfirmCase):
    """R22: filing a return and confirming an order at the same moment, in two
    transactions on two real cursors, serialize on the campaign row: a filing waits for
    the confirmation under way and its file holds the order; a confirmation whose snapshot
    predates a filing conflicts, is retried and refused (its date is now locked)."""

    def _cleanup(self):
        # The filed return locks the test campaign's period and is never deleted by the
        # application: remove it (committed test data) so the orders can be cancelled.
        with self.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM xs_filed_return WHERE campaign_id = %s RETURNING attachment_id",
                [self.campaign_id],
            )
            attachment_ids = [row[0] for row in cr.fetchall()]
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.attachment"].browse(attachment_ids).unlink()
        return super()._cleanup()

    def _file(self, env):
        """File the summary return of the campaign up to today, as a request would."""
        campaign = env["xs.campaign"].browse(self.campaign_id)
        wizard = env["xs.return.wizard"].create(
            {
                "campaign_id": campaign.id,
                "kind": "summary",
                "date_from": campaign.date_start,
                "date_to": xs_today(env),
            }
        )
        return wizard._xs_file()

    def _state(self, cr, order_id):
        cr.execute("SELECT state FROM sale_order WHERE id = %s", [order_id])
        return cr.fetchone()[0]

    def test_r22_filing_waits_for_a_confirmation_and_files_its_order(self):
        self._unlock_registry()
        confirmed = threading.Event()
        filing_started = threading.Event()
        outcome = {}

        def confirm():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["sale.order"].browse(self.order_ids[0]).action_confirm()
                env.flush_all()
                confirmed.set()
                filing_started.wait(10)
                # Commit only once the filing is seen waiting for the campaign row.
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    cr.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                        [outcome.get("filing_pid")],
                    )
                    row = cr.fetchone()
                    if row and row[0] == "Lock":
                        outcome["filing_waited"] = True
                        break
                    time.sleep(0.05)
            outcome["confirm"] = "committed"

        def file():
            confirmed.wait(10)
            attempts = []
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cr.execute("SELECT pg_backend_pid()")
                outcome["filing_pid"] = cr.fetchone()[0]
                # This request's snapshot is taken now, before the confirmation commits.
                outcome["state_in_request"] = self._state(cr, self.order_ids[0])
                filing_started.set()

                def run():
                    attempts.append(1)
                    return self._file(env)

                with mute_logger(*QUIET):
                    filed = retrying(run, env)
                outcome["file"] = filed.attachment_id.raw
                outcome["figures"] = filed.figures
            outcome["attempts"] = len(attempts)

        threads = [threading.Thread(target=confirm), threading.Thread(target=file)]
        confirmed_thread, filing_thread = threads
        confirmed_thread.start()
        confirmed.wait(10)
        # The confirmation shares the campaign row: another confirmation is not blocked
        # (it did not update the row, which would deadlock two of them), a filing is.
        with self.registry.cursor() as probe:
            probe.execute(
                "SELECT id FROM xs_campaign WHERE id = %s FOR SHARE NOWAIT", [self.campaign_id]
            )
            probe.rollback()
            with self.assertRaises(errors.LockNotAvailable), mute_logger("odoo.sql_db"):
                probe.execute(
                    "SELECT id FROM xs_campaign WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                    [self.campaign_id],
                )
            probe.rollback()
        filing_thread.start()
        for thread in threads:
            thread.join(60)

        self.assertEqual(outcome.get("confirm"), "committed")
        self.assertEqual(outcome.get("state_in_request"), "draft", "the snapshots overlap")
        self.assertTrue(outcome.get("filing_waited"), "the filing waited for the confirmation")
        self.assertEqual(outcome.get("attempts"), 1, "it waited, it did not conflict")
        # The file was rendered after the confirmation committed: the row of the entry's
        # township holds its 8 x 3.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            township = env["xs.surplus.declaration"].browse(self.declaration_id).township_id.name
        sheet = load_workbook(io.BytesIO(outcome["file"]), data_only=True).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        township_rows = [row for row in rows if township in row]
        self.assertEqual(len(township_rows), 1, rows)
        self.assertIn(24, township_rows[0])
        self.assertEqual(sum(row["amount"] for row in outcome["figures"]["rows"]), 24)

    def test_r22_confirmation_behind_a_filing_conflicts_and_is_refused(self):
        outcome = {}
        with (
            self.registry.cursor() as confirm_cr,
            self.registry.cursor() as file_cr,
        ):
            confirm_env = api.Environment(confirm_cr, SUPERUSER_ID, {})
            # The confirmation's snapshot is taken before the filing commits.
            self.assertEqual(self._state(confirm_cr, self.order_ids[1]), "draft")
            self._file(api.Environment(file_cr, SUPERUSER_ID, {}))
            file_cr.commit()
            attempts = []

            def confirm():
                attempts.append(1)
                confirm_env["sale.order"].browse(self.order_ids[1]).action_confirm()

            try:
                with mute_logger(*QUIET):
                    retrying(confirm, confirm_env)
                outcome["confirm"] = "confirmed"
            except UserError as e:
                confirm_cr.rollback()  # as Odoo does for a request that ends in an error
                outcome["confirm"] = str(e)
        self.assertGreaterEqual(len(attempts), 2, "the confirmation conflicted, was retried")
        self.assertIn("reported upward", outcome["confirm"])
        with self.registry.cursor() as cr:
            self.assertEqual(self._state(cr, self.order_ids[1]), "draft")

    def _unlink_invoice(self, invoice_id):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["account.move"].browse(invoice_id).unlink()

    def test_r22_invoice_behind_a_filing_conflicts_and_is_refused(self):
        """R22: posting a campaign invoice checks the period lock like a confirmation: a
        posting whose snapshot predates a filing conflicts, is retried and refused."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.order_ids[1])
            order.action_confirm()
            invoice_id = order._create_invoices().id
        self.addCleanup(self._unlink_invoice, invoice_id)
        outcome = {}
        with (
            self.registry.cursor() as post_cr,
            self.registry.cursor() as file_cr,
        ):
            post_env = api.Environment(post_cr, SUPERUSER_ID, {})
            # The posting's snapshot is taken before the filing commits.
            post_cr.execute("SELECT state FROM account_move WHERE id = %s", [invoice_id])
            self.assertEqual(post_cr.fetchone()[0], "draft")
            self._file(api.Environment(file_cr, SUPERUSER_ID, {}))
            file_cr.commit()
            attempts = []

            def post():
                attempts.append(1)
                post_env["account.move"].browse(invoice_id).action_post()

            try:
                with mute_logger(*QUIET):
                    retrying(post, post_env)
                outcome["post"] = "posted"
            except UserError as e:
                post_cr.rollback()  # as Odoo does for a request that ends in an error
                outcome["post"] = str(e)
        self.assertGreaterEqual(len(attempts), 2, "the posting conflicted, was retried")
        self.assertIn("already filed upward", outcome["post"])
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM account_move WHERE id = %s", [invoice_id])
            self.assertEqual(cr.fetchone()[0], "draft")
