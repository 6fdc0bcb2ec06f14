import io

from openpyxl import load_workbook
from psycopg2 import errors

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.xs_consumption.tests.common_race import ConcurrentConfirmCase
from odoo.addons.xs_consumption.tools import xs_today


@tagged("post_install", "-at_install")
class TestFilingConcurrency(ConcurrentConfirmCase):
    """R22: filing a return and confirming an order at the same moment, in two
    transactions on two real cursors, serialize on the campaign row: a filing waits for
    the confirmation under way and its file holds the order; a confirmation whose snapshot
    predates a filing conflicts, is retried and refused (its date is now locked)."""

    def _cleanup(self, env):
        # The filed return locks the test campaign's period and is never deleted by the
        # application: remove it (committed test data) so the orders can be cancelled.
        env.cr.execute(
            "DELETE FROM xs_filed_return WHERE campaign_id = %s RETURNING attachment_id",
            [self.campaign_id],
        )
        attachment_ids = [row[0] for row in env.cr.fetchall()]
        env["ir.attachment"].browse(attachment_ids).unlink()
        return super()._cleanup(env)

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

    def _probe_campaign_row(self):
        """The confirmation shares the campaign row: another confirmation is not blocked
        (it did not update the row, which would deadlock two of them), a filing is."""
        with self._xs_env() as env:
            probe = env.cr
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

    def test_r22_filing_waits_for_a_confirmation_and_files_its_order(self):
        def file(env):
            filed = self._file(env)
            return {"file": filed.attachment_id.raw, "figures": filed.figures}

        outcome = self._xs_race(
            self._xs_confirm(self.order_ids[0]),
            file,
            between=self._probe_campaign_row,
            # This request's snapshot is taken now, before the confirmation commits.
            snapshot=lambda env: self._state(env.cr, self.order_ids[0]),
        )
        self.assertEqual(outcome.get("first"), "confirmed")
        self.assertEqual(outcome.get("snapshot"), "draft", "the snapshots overlap")
        self.assertTrue(outcome.get("waited"), "the filing waited for the confirmation")
        self.assertEqual(outcome.get("attempts"), 1, "it waited, it did not conflict")
        # The file was rendered after the confirmation committed: the row of the entry's
        # township holds its 8 x 3.
        with self._xs_env() as env:
            township = env["xs.surplus.declaration"].browse(self.declaration_id).township_id.name
        sheet = load_workbook(io.BytesIO(outcome["second"]["file"]), data_only=True).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        township_rows = [row for row in rows if township in row]
        self.assertEqual(len(township_rows), 1, rows)
        self.assertIn(24, township_rows[0])
        self.assertEqual(sum(row["amount"] for row in outcome["second"]["figures"]["rows"]), 24)

    def test_r22_confirmation_behind_a_filing_conflicts_and_is_refused(self):
        def snapshot(env):
            # The confirmation's snapshot is taken before the filing commits.
            self.assertEqual(self._state(env.cr, self.order_ids[1]), "draft")

        outcome, attempts = self._xs_behind(
            self._file, self._xs_confirm(self.order_ids[1]), snapshot=snapshot
        )
        self.assertGreaterEqual(attempts, 2, "the confirmation conflicted, was retried")
        self.assertIn("already filed upward", outcome)
        with self._xs_env() as env:
            self.assertEqual(self._state(env.cr, self.order_ids[1]), "draft")

    def _unlink_invoice(self, invoice_id):
        with self._xs_env() as env:
            env["account.move"].browse(invoice_id).unlink()

    def test_r22_invoice_behind_a_filing_conflicts_and_is_refused(self):
        """R22: posting a campaign invoice checks the period lock like a confirmation: a
        posting whose snapshot predates a filing conflicts, is retried and refused."""
        with self._xs_env() as env:
            order = env["sale.order"].browse(self.order_ids[1])
            order.action_confirm()
            invoice_id = order._create_invoices().id
        self.addCleanup(self._unlink_invoice, invoice_id)

        def snapshot(env):
            # The posting's snapshot is taken before the filing commits.
            env.cr.execute("SELECT state FROM account_move WHERE id = %s", [invoice_id])
            self.assertEqual(env.cr.fetchone()[0], "draft")

        post = self._xs_call("account.move", invoice_id, "action_post", "posted")
        outcome, attempts = self._xs_behind(self._file, post, snapshot=snapshot)
        self.assertGreaterEqual(attempts, 2, "the posting conflicted, was retried")
        self.assertIn("already filed upward", outcome)
        with self._xs_env() as env:
            env.cr.execute("SELECT state FROM account_move WHERE id = %s", [invoice_id])
            self.assertEqual(env.cr.fetchone()[0], "draft")
