import base64
import hashlib
import io
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from openpyxl import load_workbook

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon
from odoo.addons.xs_consumption.tools import xs_date

from ..report.xlsx_common import ReturnOptions
from .common import render_rows

PAID = ("paid", "in_payment")
INSTITUTIONS = "Agencies, Institutions and Enterprises"
WORK_TEAMS = "Municipal Commerce Commission Assistance Group Work Teams"


@tagged("post_install", "-at_install")
class TestReturns(XsOrdersCommon, HttpCase):
    """R5, R8, R13, R14, R18, R22: every return for a chosen period, with figures that
    agree with the documents on each counting basis, off-platform purchases counted once
    verified, work teams as a column, filing that keeps the file and locks the period.
    An HttpCase for its registry test mode: filing renders on a second cursor of the
    registry (xs.filed.return._xs_filing_snapshot), which must see this test's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.decl_b.channel_action_ids |= cls.action_finance
        cls.day1 = cls.today - timedelta(days=3)  # first period
        cls.period1 = (cls.campaign.date_start, cls.today - timedelta(days=2))
        cls.period2 = (cls.today - timedelta(days=1), cls.today)
        cls.team = cls.env["xs.work.team"].create(
            {"name": "Test Work Team", "township_ids": [Command.set(cls.township_a.ids)]}
        )
        # Period 1: the school buys 100 kg of A (250), received, invoiced and paid.
        cls.order1 = cls._order(cls.buyer_school, [(cls.decl_a, 100)])
        cls.order1.date_order = datetime.combine(cls.day1, time(4, 0))
        # Period 2: the bank buys 50 kg of B (100), received and invoiced, not paid; the
        # second school buys 20 kg of A (50), brought in by the work team, only ordered.
        cls.order2 = cls._order(cls.buyer_bank, [(cls.decl_b, 50)], action=cls.action_finance)
        cls.order3 = cls._order(cls.buyer_school_2, [(cls.decl_a, 20)])
        cls.order3.xs_work_team_id = cls.team
        # A buyer of the school channel records what its canteen bought straight from
        # seller B; the county verifies one and rejects another.
        cls.portal_buyer = new_test_user(
            cls.env, login="xs_portal_school", groups="base.group_portal", lang="en_US"
        )
        cls.portal_buyer.partner_id.parent_id = cls.buyer_school
        cls.decl_b.channel_action_ids |= cls.action_school
        receipt = base64.b64encode(b"%PDF-1.4 receipt")
        Direct = cls.env["xs.direct.purchase"].with_user(cls.portal_buyer)
        cls.direct = Direct._xs_portal_record(
            {
                "declaration_id": cls.decl_b.id,
                "date": cls.today - timedelta(days=1),
                "quantity": 10,
                "amount": 20.0,
                "evidence": receipt,
                "evidence_filename": "receipt.pdf",
            }
        )
        cls.rejected = Direct._xs_portal_record(
            {
                "declaration_id": cls.decl_b.id,
                "date": cls.today,
                "quantity": 400,
                "amount": 999.0,
                "evidence": receipt,
            }
        )
        cls.direct.with_user(cls.user_county).action_verify()
        cls.rejected.with_user(cls.user_county).action_reject("No invoice number")

    # ------------------------------------------------------------------
    # Independent figures, from the documents themselves
    # ------------------------------------------------------------------

    def _line_events(self, line, basis):
        """[(day, amount)] of sale ``line`` on ``basis``, each figure dated by its own event
        (county calendar), read from the documents: the order, its done deliveries and
        returns, its posted invoices and refunds, the day each paid invoice was settled."""
        if basis == "ordered":
            return [(xs_date(line.order_id.date_order), line.price_subtotal)]
        if basis == "delivered":
            events = []
            for move in line.move_ids.filtered(lambda m: m.state == "done"):
                if move.location_dest_id.usage == "customer":
                    sign = 1
                elif move.location_id.usage == "customer" and move.to_refund:
                    sign = -1
                else:
                    continue
                events.append((xs_date(move.date), sign * move.quantity * line.price_unit))
            return events
        events = []
        for invoice_line in line.invoice_lines.filtered(lambda il: il.move_id.state == "posted"):
            invoice = invoice_line.move_id
            sign = -1 if invoice.move_type == "out_refund" else 1
            day = invoice.invoice_date
            if basis == "paid":
                if invoice.payment_state not in PAID:
                    continue
                receivable = invoice.line_ids.filtered(lambda l: l.display_type == "payment_term")
                partials = receivable.matched_debit_ids | receivable.matched_credit_ids
                day = max(partials.mapped("max_date"), default=day)
            events.append((day, sign * invoice_line.price_subtotal))
        return events

    def _expected_summary(self, basis, period):
        """{(township name, column): [all, unsold, off-platform]} from orders and purchases."""
        expected = defaultdict(lambda: [0.0, 0.0, 0.0])
        start, end = period
        orders = self.env["sale.order"].search(
            [("xs_campaign_id", "=", self.campaign.id), ("state", "=", "sale")]
        )
        for order in orders:
            column = WORK_TEAMS if order.xs_work_team_id else INSTITUTIONS
            for line in order.order_line:
                for day, amount in self._line_events(line, basis):
                    if not start <= day <= end:
                        continue
                    cell = expected[line.xs_declaration_id.township_id.name, column]
                    cell[0] += amount
                    cell[1] += amount
        purchases = self.env["xs.direct.purchase"].search([("campaign_id", "=", self.campaign.id)])
        for purchase in purchases:
            if purchase.state == "verified" and start <= purchase.date <= end:
                cell = expected[purchase.declaration_id.township_id.name, INSTITUTIONS]
                cell[0] += purchase.amount
                cell[1] += purchase.amount
                cell[2] += purchase.amount
        return expected

    def _render(self, report, user, data=None):
        return render_rows(self.env, user, report, self.campaign.ids, data)

    def _data(self, period, **kw):
        return {"date_from": str(period[0]), "date_to": str(period[1]), **kw}

    def _check_summary(self, rows, expected, divisor=1.0):
        """Every figure cell of the summary return against ``expected``."""
        header, sub = rows[2], rows[3]
        columns = {}
        label = None
        for col, (top, bottom) in enumerate(zip(header, sub, strict=True)):
            label = top or label
            if col >= 2:
                columns[col] = (label, bottom)
        body = rows[4:-1]
        totals = defaultdict(float)
        for row in body:
            township = row[1]
            for col, (label, kind) in columns.items():
                if label == "Total":
                    index = {
                        "All County Products": 0,
                        "of which Unsold Produce": 1,
                        "of which Off-Platform Purchases": 2,
                    }[kind]
                    value = sum(
                        cell[index] for (town, _c), cell in expected.items() if town == township
                    )
                else:
                    index = 0 if kind == "All County Products" else 1
                    value = expected.get((township, label), [0.0, 0.0, 0.0])[index]
                self.assertAlmostEqual(
                    row[col], value / divisor, places=6, msg=f"{township} / {label} / {kind}"
                )
                totals[col] += value / divisor
        for col in columns:
            self.assertAlmostEqual(rows[-1][col], totals[col], places=6)

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_r14_summary_every_cell_each_basis_per_period(self):
        """R13/R14/R22: each basis counts on the day of its own event. Order 1 (period 1)
        is delivered and invoiced in period 1 and paid in period 2; order 2 (period 2) is
        delivered and invoiced in period 2; order 3 only ordered."""
        pickings = self._deliver(self.order1)
        pickings.move_ids.date = datetime.combine(self.day1, time(6, 0))
        invoice = self.order1._create_invoices()
        invoice.invoice_date = self.day1
        invoice.action_post()
        self._pay(invoice)
        self._deliver(self.order2)
        self._invoice_customer(self.order2)
        expected_p1 = {
            "ordered": 250.0,
            "delivered": 250.0,
            "invoiced": 250.0,
            "paid": 0.0,
        }
        for basis in ("ordered", "delivered", "invoiced", "paid"):
            self.campaign.count_basis = basis
            for period in (self.period1, self.period2):
                rows = self._render("summary_return_xlsx", self.user_county, self._data(period))
                self.assertIn(INSTITUTIONS, rows[2])
                self.assertIn(WORK_TEAMS, rows[2])
                expected = self._expected_summary(basis, period)
                self._check_summary(rows, expected)
                if period == self.period1:
                    # The fixture really has figures of each kind in period 1.
                    self.assertAlmostEqual(
                        sum(cell[0] for cell in expected.values()), expected_p1[basis]
                    )
            # Everything on one screen agrees with the whole-campaign return (one owner).
            whole = (self.campaign.date_start, self.today)
            expected = self._expected_summary(basis, whole)
            total = sum(cell[0] for cell in expected.values())
            self.campaign.invalidate_recordset()
            self.assertAlmostEqual(self.campaign.xs_amount_counted, total, places=2)
            actions = self.action_school | self.action_finance
            actions.invalidate_recordset()
            self.assertAlmostEqual(sum(actions.mapped("amount_counted")), total, places=2)
            self.env["xs.ranking"].invalidate_model()
            ranking = self.env["xs.ranking"].search(
                [("campaign_id", "=", self.campaign.id), ("dimension", "=", "township")]
            )
            self.assertAlmostEqual(sum(ranking.mapped("amount_counted")), total, places=2)
        # In 10,000 CNY the same figures, divided.
        self.campaign.count_basis = "ordered"
        rows = self._render(
            "summary_return_xlsx", self.user_county, self._data(self.period2, unit="wan")
        )
        self._check_summary(rows, self._expected_summary("ordered", self.period2), 10000.0)
        self.assertIn("10,000 CNY", rows[1][0])

    def test_r14_township_and_county_same_figure(self):
        data = self._data((self.campaign.date_start, self.today))
        county = {
            row[1]: row for row in self._render("summary_return_xlsx", self.user_county, data)[4:-1]
        }
        township = self._render("summary_return_xlsx", self.user_township_b, data)
        self.assertEqual([row[1] for row in township[4:-1]], ["Test Town B"])
        self.assertEqual(township[4][1:], county["Test Town B"][1:])
        # The dashboards too: the same amount for Town B, whoever reads it.
        for user in (self.user_county, self.user_township_b):
            groups = dict(
                self.env["xs.sales.analysis"]
                .with_user(user)
                ._read_group(
                    [
                        ("campaign_id", "=", self.campaign.id),
                        ("township_id", "=", self.township_b.id),
                    ],
                    ["township_id"],
                    ["amount_counted:sum"],
                )
            )
            self.assertAlmostEqual(groups[self.township_b], 100.0 + 20.0)
        # The campaign's achieved amount is the campaign's, not the reader's share of it.
        self.assertEqual(
            self.campaign.with_user(self.user_township_b).xs_amount_counted,
            self.campaign.with_user(self.user_county).xs_amount_counted,
        )

    def test_direct_purchase_counts_once_verified(self):
        Analysis = self.env["xs.sales.analysis"]
        direct_rows = Analysis.search([("source", "=", "direct")])
        self.assertEqual(direct_rows.direct_purchase_id, self.direct)
        self.assertEqual(direct_rows.amount_counted, 20.0)
        self.assertEqual(direct_rows.township_id, self.township_b)
        self.assertEqual(direct_rows.action_id, self.action_school)
        self.assertFalse(Analysis.search([("direct_purchase_id", "=", self.rejected.id)]))
        # It counts for its action (school channel) and the buyer's ranking.
        self.action_school.invalidate_recordset()
        self.assertAlmostEqual(self.action_school.amount_counted, 250.0 + 50.0 + 20.0)
        self.assertEqual(self.rejected.reject_reason, "No invoice number")

    def test_direct_purchase_rules(self):
        receipt = base64.b64encode(b"receipt")
        purchase = (
            self.env["xs.direct.purchase"]
            .with_user(self.user_township_b)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "buyer_id": self.buyer_bank.id,
                    "seller_id": self.seller_b.id,
                    "declaration_id": self.decl_b.id,
                    "date": self.today,
                    "quantity": 5,
                    "amount": 10,
                    "evidence": receipt,
                }
            )
        )
        self.assertEqual(purchase.state, "submitted")
        self.assertEqual(purchase.action_id, self.action_finance)
        # Only county staff verify; nobody sets the state by writing it.
        with self.assertRaises(AccessError):
            purchase.with_user(self.user_township_b).action_verify()
        with self.assertRaises(AccessError):
            purchase.with_user(self.user_county).write({"state": "verified"})
        with self.assertRaises(AccessError):
            self.env["xs.direct.purchase"].with_user(self.user_township_b).create(
                {
                    "campaign_id": self.campaign.id,
                    "buyer_id": self.buyer_bank.id,
                    "seller_id": self.seller_b.id,
                    "product_id": self.product_cabbage.id,
                    "quantity": 1,
                    "amount": 1,
                    "state": "verified",
                }
            )
        # A portal buyer records only for its own organisation and verifies nothing.
        with self.assertRaises(AccessError):
            self.direct.with_user(self.portal_buyer).action_verify()
        with self.assertRaises(AccessError):
            self.direct.with_user(self.portal_buyer).write({"amount": 1})
        self.assertEqual(
            self.env["xs.direct.purchase"].with_user(self.portal_buyer).search([]),
            self.direct | self.rejected,
        )
        # Township A does not see town B's purchases.
        self.assertFalse(self.env["xs.direct.purchase"].with_user(self.user_township_a).search([]))
        # Verified: frozen and kept.
        purchase.with_user(self.user_county).action_verify()
        with self.assertRaises(UserError):
            purchase.with_user(self.user_county).write({"amount": 11})
        with self.assertRaises(UserError):
            purchase.with_user(self.user_county).unlink()
        # The same purchase as a platform order is refused: it would count twice.
        twin = self.env["xs.direct.purchase"].create(
            {
                "campaign_id": self.campaign.id,
                "buyer_id": self.buyer_school_2.id,
                "seller_id": self.seller_a.id,
                "declaration_id": self.decl_a.id,
                "date": self.today,
                "quantity": 20,
                "amount": 50,
            }
        )
        with self.assertRaisesRegex(UserError, self.order3.name):
            twin.with_user(self.user_county).action_verify()

    def _wizard(self, user, period, kind="summary"):
        return (
            self.env["xs.return.wizard"]
            .with_user(user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "kind": kind,
                    "date_from": period[0],
                    "date_to": period[1],
                }
            )
        )

    def test_r22_file_locks_period_and_keeps_file(self):
        # Only county staff file.
        with self.assertRaises(AccessError):
            self._wizard(self.user_township_a, self.period1)._xs_file()
        filed = self._wizard(self.user_county, self.period1)._xs_file()
        self.assertEqual(self.campaign.filed_return_ids, filed)
        self.assertEqual(filed.filed_by_id, self.user_county)
        raw = filed.attachment_id.raw
        self.assertEqual(hashlib.sha256(raw).hexdigest(), filed.checksum)
        # Downloaded again byte for byte (the checksum was taken of the file as rendered),
        # by whoever sees the campaign's filed returns.
        for user in (self.user_county, self.user_township_b):
            self.assertEqual(base64.b64decode(filed.with_user(user).datas), raw)
        rows = [
            [c.value for c in row]
            for row in load_workbook(io.BytesIO(raw), data_only=True).active.iter_rows()
        ]
        self._check_summary(rows, self._expected_summary("ordered", self.period1))
        # The period is locked, the next one is not.
        self.assertTrue(self.campaign._xs_is_locked(self.day1))
        self.assertFalse(self.campaign._xs_is_locked(self.today))
        with self.assertRaises(UserError):
            self.order1.with_user(self.user_county)._action_cancel()
        with self.assertRaises(UserError):
            self.env["xs.direct.purchase"].create(
                {
                    "campaign_id": self.campaign.id,
                    "buyer_id": self.buyer_school.id,
                    "seller_id": self.seller_a.id,
                    "declaration_id": self.decl_a.id,
                    "date": self.day1,
                    "quantity": 1,
                    "amount": 2.5,
                }
            )
        # A filed return is kept as filed.
        with self.assertRaises(AccessError):
            filed.with_user(self.user_county).write({"date_to": self.today})
        with self.assertRaises(AccessError):
            filed.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["xs.filed.return"].with_user(self.user_county).create(
                {
                    "name": "forged",
                    "campaign_id": self.campaign.id,
                    "kind": "summary",
                    "date_from": self.today,
                    "date_to": self.today,
                    "attachment_id": filed.attachment_id.id,
                    "filed_by_id": self.user_county.id,
                    "filed_date": fields.Datetime.now(),
                }
            )
        # A correction goes in the next period, where it shows; the filed file is unchanged.
        correction = self._order(self.buyer_school, [(self.decl_a, 4)])
        rows = self._render("summary_return_xlsx", self.user_county, self._data(self.period2))
        self.assertEqual(correction.state, "sale")
        self._check_summary(rows, self._expected_summary("ordered", self.period2))
        self.assertEqual(filed.attachment_id.raw, raw)

    def _pay_on(self, invoice, day):
        with Form(
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            )
        ) as wizard:
            wizard.payment_date = day
        wizard.save()._create_payments()

    @contextmanager
    def _refused(self, period=None):
        """Refused for the filed ``period``, naming it, and rolled back (assertRaises)."""
        start, end = period or self.period1
        with self.assertRaises(UserError) as caught:
            yield
        message = str(caught.exception)
        self.assertIn("already filed upward", message)
        self.assertIn(self.campaign.name, message)
        self.assertIn(f"{start} - {end}", message)

    def _force_basis(self, basis):
        """Set the counting basis behind the ORM's back. A campaign's basis is fixed once a
        period is reported (test_r22_basis_fixed_once_reported); this test files one period
        on each basis to compare the four side by side, which no user can do."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE xs_campaign SET count_basis = %s WHERE id = %s", [basis, self.campaign.id]
        )
        self.campaign.invalidate_recordset(["count_basis"])

    def test_r22_basis_fixed_once_reported(self):
        """R22: once a period is filed, the campaign's counting basis no longer changes
        (not even for the administrator); before, it does."""
        admin = new_test_user(
            self.env, login="xs_basis_admin", groups="xs_consumption.xs_consumption_group_admin"
        )
        campaign = self.campaign.with_user(admin)
        campaign.count_basis = "paid"
        campaign.count_basis = "ordered"
        self._wizard(self.user_county, self.period1)._xs_file()
        with self.assertRaises(UserError) as caught:
            campaign.count_basis = "paid"
        self.assertIn(self.campaign.name, str(caught.exception))
        self.assertEqual(self.campaign.count_basis, "ordered")
        # Writing the same basis again changes nothing and passes.
        campaign.count_basis = "ordered"
        # The administrator's lock date reports a period just as filing does.
        other = (
            self.env["xs.campaign"]
            .with_user(admin)
            .create(
                {
                    "name": "Locked by date",
                    "date_start": self.campaign.date_start,
                    "date_end": self.campaign.date_end,
                }
            )
        )
        other.lock_date = self.day1
        with self.assertRaises(UserError):
            other.count_basis = "invoiced"

    def test_r22_price_frozen_by_a_delivery_in_a_filed_period(self):
        """R22: periods filed out of order. Order 1 is dated in period 1 (still open) and
        delivered in period 2, which is filed: the delivered figure filed for period 2 is
        its quantity at the line's price, so the price no longer changes; before the
        filing it does."""
        pickings = self._deliver(self.order1)  # today: period 2
        line = self.order1.order_line.with_user(self.user_county)
        line.price_unit = 2.6
        self._force_basis("delivered")
        filed = self._wizard(self.user_county, self.period2)._xs_file()
        before = self._delivered_in(self.period2)
        # 100 kg of A delivered at 2.60, and the verified off-platform purchase (20).
        self.assertAlmostEqual(before, 280.0)
        self.assertAlmostEqual(sum(r["amount"] for r in filed.figures["rows"]), 280.0)
        for vals in ({"price_unit": 3.0}, {"discount": 10.0}):
            with self.assertRaises(UserError) as caught:
                line.write(vals)
            message = str(caught.exception)
            self.assertIn(self.campaign.name, message)
            self.assertIn(pickings.name, message)
            self.assertIn(self.order1.name, message)
        line.invalidate_recordset()
        self.assertEqual((line.price_unit, line.discount), (2.6, 0.0))
        # Nor may the delivery itself stop being one (scrapped, or a return of a move).
        move = pickings.move_ids.with_user(self.user_county)
        for vals in ({"scrapped": True}, {"origin_returned_move_id": move.id}):
            with self._refused(self.period2):
                move.write(vals)
        move.invalidate_recordset()
        self.assertEqual((move.scrapped, move.origin_returned_move_id.id), (False, False))
        self.assertAlmostEqual(self._delivered_in(self.period2), before)

    def test_r22_order_delivered_in_a_filed_period_keeps_what_it_counts_for(self):
        """R22: periods filed out of order. Order 1, dated in period 1 (open), delivered in
        period 2, filed: cancelling it would take its delivered figure out of period 2, and
        another buyer or work team would move it to another row or column: refused, by the
        Cancel button and by writing the fields."""
        self._deliver(self.order1)  # today: period 2
        self._force_basis("delivered")
        self._wizard(self.user_county, self.period2)._xs_file()
        before = self._delivered_in(self.period2)
        order = self.order1.with_user(self.user_county)
        for call in (
            lambda: order.with_context(disable_cancel_warning=True).action_cancel(),
            lambda: order.write({"state": "cancel"}),
            lambda: order.write({"xs_work_team_id": self.team.id}),
            lambda: order.write({"partner_id": self.buyer_school_2.id}),
        ):
            with self._refused(self.period2):
                call()
        self.order1.invalidate_recordset()
        self.assertRecordValues(self.order1, [{"state": "sale", "xs_work_team_id": False}])
        self.assertAlmostEqual(self._delivered_in(self.period2), before)

    def test_r22_filed_invoice_is_not_rewritten(self):
        """R22: an invoice posted in a filed period counts as invoiced there; where core
        lets a posted invoice or its lines be written, its filed figure must not move:
        not into a refund, nor paid by hand, nor another amount or no sale line."""
        invoice = self._invoice_customer(self.order1)  # today: period 2
        self._force_basis("invoiced")
        self._wizard(self.user_county, self.period2)._xs_file()

        def invoiced():
            return self.env["xs.counted.line"]._read_group(
                [("campaign_id", "=", self.campaign.id), ("date", ">=", self.period2[0])],
                [],
                ["amount_invoiced:sum", "amount_paid:sum"],
            )[0]

        before = invoiced()
        self.assertEqual(before, (250.0 + 20.0, 20.0))
        accountant = new_test_user(
            self.env, login="xs_filed_accountant", groups="account.group_account_invoice"
        )
        move = invoice.with_user(accountant)
        line = move.invoice_line_ids
        for vals in ({"move_type": "out_refund"}, {"state": "draft"}):
            with self._refused(self.period2):
                move.write(vals)
        with self.assertRaisesText(UserError, "only through"):
            move.write({"payment_state": "paid"})
        for vals in (
            {"price_subtotal": 1.0},
            {"price_unit": 3.0},
            {"balance": -1.0},
            {"sale_line_ids": [Command.clear()]},
        ):
            with self._refused(self.period2):
                line.write(vals)
        self.assertEqual(invoiced(), before)
        self.assertEqual((invoice.move_type, invoice.payment_state), ("out_invoice", "not_paid"))

    def _delivered_in(self, period):
        """The delivered figure the returns count for ``period`` (xs.counted.line)."""
        return self.env["xs.counted.line"]._read_group(
            [
                ("campaign_id", "=", self.campaign.id),
                ("date", ">=", period[0]),
                ("date", "<=", period[1]),
            ],
            [],
            ["amount_delivered:sum"],
        )[0][0]

    def test_r22_quantity_change_keeps_a_filed_delivered_figure(self):
        """R22: the quantity of a line delivered in a filed period stays editable, and
        what core recomputes from it does not move the filed figure: with discounts and a
        pricelist on the order, a quantity change would reset the line's discount (the
        recomputation bypasses write()). Tested over JSON-RPC in
        tests/test_e2e_r22_filed_delivery.py."""
        self.env["res.config.settings"].create({"group_discount_per_so_line": True}).execute()
        # As order 1, dated in period 1, with a pricelist (fixed once confirmed) and 10% off.
        order = self._order(self.buyer_school, [(self.decl_a, 100)], confirm=False)
        order.pricelist_id = self.env["product.pricelist"].create({"name": "Test List"})
        order.order_line.discount = 10.0
        order.action_confirm()
        order.date_order = datetime.combine(self.day1, time(4, 0))
        line = order.order_line.with_user(self.user_county)
        self._deliver(order)  # today: period 2
        self._force_basis("delivered")
        self._wizard(self.user_county, self.period2)._xs_file()
        # 100 kg of A delivered at 2.50 less 10%, and the verified off-platform purchase.
        self.assertAlmostEqual(self._delivered_in(self.period2), 225.0 + 20.0)
        line.product_uom_qty = 120
        self.env.flush_all()
        line.invalidate_recordset()
        self.assertEqual((line.product_uom_qty, line.price_unit, line.discount), (120, 2.5, 10.0))
        self.assertAlmostEqual(self._delivered_in(self.period2), 225.0 + 20.0)

    def _sheet(self, content):
        sheet = load_workbook(io.BytesIO(content), data_only=True).active
        return [[c.value for c in row] for row in sheet.iter_rows()]

    def test_r22_filed_period_keeps_its_figures_each_basis(self):
        """R13/R22: period 1 filed on each of the four bases keeps exactly its filed
        figures while deliveries, invoices and payments of its orders happen in period 2
        (where they show); each of those documents dated inside period 1 is refused and
        changes nothing."""
        # Period 1: order 1 delivered, invoiced and paid; order 4 ordered and invoiced.
        pickings = self._deliver(self.order1)
        pickings.move_ids.date = datetime.combine(self.day1, time(6, 0))
        invoice1 = self.order1._create_invoices()
        invoice1.invoice_date = self.day1
        invoice1.action_post()
        self._pay_on(invoice1, self.day1)
        order4 = self._order(self.buyer_bank, [(self.decl_b, 30)], action=self.action_finance)
        order4.date_order = datetime.combine(self.day1, time(5, 0))
        invoice4 = order4._create_invoices()
        invoice4.invoice_date = self.day1
        invoice4.action_post()
        filed = {}
        for basis in ("ordered", "delivered", "invoiced", "paid"):
            self._force_basis(basis)
            filed[basis] = self._wizard(self.user_county, self.period1)._xs_file()
            self._check_summary(
                self._sheet(filed[basis].attachment_id.raw),
                self._expected_summary(basis, self.period1),
            )
        self.assertEqual(
            {basis: sum(r["amount"] for r in f.figures["rows"]) for basis, f in filed.items()},
            {"ordered": 310.0, "delivered": 250.0, "invoiced": 310.0, "paid": 250.0},
        )

        # Each document of period 1's orders dated inside period 1 is refused.
        pickings4 = self._deliver(order4)
        move4 = pickings4.move_ids
        delivered_on = move4.date
        with self._refused():
            move4.date = datetime.combine(self.day1, time(6, 0))
        move4.invalidate_recordset()
        self.assertEqual(move4.date, delivered_on)
        with self._refused():
            self._pay_on(invoice4, self.day1)
        invoice4.invalidate_recordset()
        self.assertEqual(invoice4.payment_state, "not_paid")
        with self._refused():
            invoice4.button_draft()
        with self._refused():
            invoice1.line_ids.remove_move_reconcile()
        invoice1.invalidate_recordset()
        self.assertEqual(invoice1.state, "posted")
        self.assertIn(invoice1.payment_state, PAID)
        # Whoever posts it: an accountant is refused like anyone.
        accountant = new_test_user(
            self.env,
            login="xs_accountant",
            groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
        )
        invoice2 = self.order2._create_invoices().with_user(accountant)
        invoice2.invoice_date = self.day1
        with self._refused():
            invoice2.action_post()
        invoice2.invalidate_recordset()
        self.assertEqual(invoice2.state, "draft")
        refund = invoice1._reverse_moves([{"invoice_date": self.day1, "date": self.day1}])
        with self._refused():
            refund.action_post()
        # Dated in period 2 they go through, and count there.
        invoice2.invoice_date = self.today
        invoice2.action_post()
        self._pay_on(invoice4, self.today)
        refund.invoice_date = refund.date = self.today
        refund.action_post()
        self.assertIn(invoice4.payment_state, PAID)
        # The school sends 40 kg of order 1 back in period 2 (a return: delivered -100).
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=pickings.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 40
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.quantity = 40
        returned.button_validate()
        self.assertEqual(self.order1.order_line.qty_delivered, 60.0)

        for basis in ("ordered", "delivered", "invoiced", "paid"):
            self._force_basis(basis)
            data = self._data(self.period1)
            rows = self._render("summary_return_xlsx", self.user_county, data)
            # From the column headers on (the subtitle carries the day it was printed).
            self.assertEqual(rows[2:], self._sheet(filed[basis].attachment_id.raw)[2:], basis)
            options = ReturnOptions(self.env, self.campaign, data)
            payload = self.env["report.xs_reporting.summary_return_xlsx"]._xs_payload(options)
            self.assertEqual(payload, filed[basis].figures, basis)
            rows = self._render("summary_return_xlsx", self.user_county, self._data(self.period2))
            self._check_summary(rows, self._expected_summary(basis, self.period2))
        period2 = {
            basis: sum(cell[0] for cell in self._expected_summary(basis, self.period2).values())
            for basis in ("ordered", "delivered", "invoiced", "paid")
        }
        # Period 2: orders 2 and 3 and the purchase; order 4's delivery (60) and payment
        # (60), order 2's invoice (100), the refund of invoice 1 (-250), the return (-100).
        self.assertEqual(
            period2,
            {
                "ordered": 100.0 + 50.0 + 20.0,
                "delivered": 60.0 - 100.0 + 20.0,
                "invoiced": 100.0 - 250.0 + 20.0,
                "paid": 60.0 + 20.0,
            },
        )
        # Over all dates the counted lines hold every document once.
        Counted = self.env["xs.counted.line"]
        for line in (self.order1 | self.order2 | order4).order_line:
            sums = Counted._read_group(
                [("sale_line_id", "=", line.id)],
                [],
                ["amount_ordered:sum", "amount_delivered:sum", "amount_invoiced:sum"],
            )[0]
            documents = (
                line.price_subtotal,
                line.qty_delivered * line.price_unit,
                line.untaxed_amount_invoiced,
            )
            for counted, document in zip(sums, documents, strict=True):
                self.assertAlmostEqual(counted, document, places=2)
        # A delivery validated on a day of a filed period is refused too.
        self._wizard(self.user_county, self.period2)._xs_file()
        with self._refused(self.period2):
            self._deliver(self.order3)
        self.assertEqual(self.order3.order_line.qty_delivered, 0.0)

    def test_r18_farmers_benefit_share(self):
        rows = self._render("farmer_benefit_xlsx", self.user_county, self._data(self.period2))
        header = rows[2]
        data = rows[3:-2]
        sales = header.index("Sales Counted (CNY)")
        poverty = header.index("Sales Reaching Poverty-Alleviated Households (CNY)")
        monitored = header.index("Sales Reaching Monitored Households (CNY)")
        by_product = {(r[1], r[4]): r for r in data}
        # Period 2: A sold 50 (order 3); B 100 (order 2) + 20 off the platform.
        expected = {self.decl_a: 50.0, self.decl_b: 120.0}
        self.assertEqual(len(data), 2)
        for declaration, amount in expected.items():
            row = by_product[declaration.township_id.name, declaration.product_id.name]
            share = amount / declaration.household_count
            self.assertAlmostEqual(row[sales], amount)
            self.assertAlmostEqual(row[poverty], share * declaration.poverty_household_count)
            self.assertAlmostEqual(row[monitored], share * declaration.monitored_household_count)
        self.assertAlmostEqual(rows[-2][sales], 170.0)
        self.assertIn("pro rata", rows[-1][0])

    def test_r5_statistics_totals_per_unit(self):
        unit = self.env.ref("uom.product_uom_unit")
        pigs = self.env["product.product"].create(
            {"name": "Test Pig", "type": "consu", "uom_id": unit.id, "uom_po_id": unit.id}
        )
        heads = self._create_declaration(
            township_id=self.township_b.id,
            seller_id=self.seller_b.id,
            product_id=pigs.id,
            category="livestock",
            quantity=30,
            price_unit=1500,
        )
        heads.action_submit()
        heads.with_user(self.user_county).action_verify()
        rows = self._render("surplus_statistics_xlsx", self.user_county)
        header = rows[2]
        qty, unit_col = header.index("Quantity"), header.index("Unit")
        value = header.index("Total Value (CNY)")
        totals = {r[unit_col]: r for r in rows if r[0] == "Total"}
        declarations = self.decl_a | self.decl_b | heads
        for uom in declarations.uom_id:
            mine = declarations.filtered(lambda d, u=uom: d.uom_id == u)
            self.assertAlmostEqual(totals[uom.name][qty], sum(mine.mapped("quantity")))
            self.assertAlmostEqual(totals[uom.name][value], sum(mine.mapped("amount_total")))
        subtotals = [r for r in rows if str(r[0]).endswith("Subtotal")]
        self.assertEqual(
            sorted((r[0], r[unit_col]) for r in subtotals),
            sorted(
                [
                    ("Test Town A Subtotal", self.decl_a.uom_id.name),
                    ("Test Town B Subtotal", self.decl_b.uom_id.name),
                    ("Test Town B Subtotal", unit.name),
                ]
            ),
        )

    def test_r8_catalogue_return(self):
        self.decl_b.with_user(self.user_county).action_recommend()
        rows = self._render("catalogue_xlsx", self.user_county)
        header = rows[2]
        products = [r[header.index("Product")] for r in rows[3:]]
        self.assertEqual(len(products), 2)
        marks = {
            r[header.index("Selling Entity")]: r[header.index("Recommended Upward")]
            for r in rows[3:]
        }
        self.assertEqual(marks, {"Test Cooperative A": "", "Test Family Farm B": "★"})
        # Directed: the list for the financial channel holds only the entries published to it.
        rows = self._render(
            "catalogue_xlsx", self.user_county, {"action_ids": self.action_finance.ids}
        )
        self.assertEqual(
            [r[header.index("Selling Entity")] for r in rows[3:]], ["Test Family Farm B"]
        )
        rows = self._render("catalogue_xlsx", self.user_county, {"recommended_only": True})
        self.assertEqual(len(rows[3:]), 1)
        with self.assertRaises(AccessError):
            self._render("catalogue_xlsx", self.portal_buyer)

    def test_r21_no_shared_translation_in_a_return(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["xs_reporting", "xs_consumption"], ["zh_CN"]
        )
        report = (
            self.env["ir.actions.report"].with_user(self.user_county).with_context(lang="zh_CN")
        )
        for name, header_rows in (
            ("summary_return_xlsx", (2,)),
            ("surplus_statistics_xlsx", (2,)),
            ("farmer_benefit_xlsx", (2,)),
            ("catalogue_xlsx", (2,)),
        ):
            content, _kind = report._render_xlsx(f"xs_reporting.{name}", self.campaign.ids, {})
            rows = [
                [c.value for c in row]
                for row in load_workbook(io.BytesIO(content)).active.iter_rows()
            ]
            for index in header_rows:
                labels = [v for v in rows[index] if v]
                self.assertEqual(len(labels), len(set(labels)), f"{name}: {labels}")
        # Within one view (model), two different field labels never read the same.
        for model in (
            "xs.sales.analysis",
            "xs.counted.line",
            "xs.direct.purchase",
            "xs.filed.return",
        ):
            ours = [
                name
                for name, field in self.env[model]._fields.items()
                if field._module in ("xs_consumption", "xs_reporting")
            ]
            english = self.env[model].fields_get(ours, attributes=["string"])
            chinese = (
                self.env[model].with_context(lang="zh_CN").fields_get(ours, attributes=["string"])
            )
            seen = {}
            for fname, attrs in chinese.items():
                source = english[fname]["string"]
                other = seen.setdefault(attrs["string"], source)
                self.assertEqual(
                    other,
                    source,
                    f"{model}: {source!r} and {other!r} both read {attrs['string']!r}",
                )

    def test_returns_query_count_independent_of_rows(self):
        """Each return reads its figures in a fixed number of queries, however many orders
        and declarations it covers (the return's floor)."""
        reports = (
            "summary_return_xlsx",
            "farmer_benefit_xlsx",
            "surplus_statistics_xlsx",
            "catalogue_xlsx",
        )

        def queries(report):
            # Pending recomputations are written first: only the return's reads count.
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._render(report, self.user_county)
            return self.env.cr.sql_log_count - before

        for report in reports:
            queries(report)  # warm the caches (rules, report actions, translations)
        small = {report: queries(report) for report in reports}
        kg = self.env.ref("uom.product_uom_kgm")
        for index in range(6):
            product = self.env["product.product"].create(
                {
                    "name": f"Test Produce {index}",
                    "type": "consu",
                    "uom_id": kg.id,
                    "uom_po_id": kg.id,
                }
            )
            declaration = self._create_declaration(
                township_id=(self.township_a, self.township_b)[index % 2].id,
                seller_id=(self.seller_a, self.seller_b)[index % 2].id,
                product_id=product.id,
            )
            declaration.action_submit()
            declaration.with_user(self.user_county).action_verify()
            declaration.channel_action_ids = self.action_school
            declaration.with_user(self.user_county).action_list()
            self._order((self.buyer_school, self.buyer_school_2)[index % 2], [(declaration, 5)])
        for report in reports:
            queries(report)
        large = {report: queries(report) for report in reports}
        self.assertEqual(large, small)


@tagged("post_install", "-at_install")
class TestFiledReturnDownload(XsOrdersCommon, HttpCase):
    """R22: a filed return downloads again over HTTP byte for byte, for whoever sees the
    campaign's filed returns; a portal buyer gets nothing."""

    def test_r22_filed_file_downloads_byte_for_byte(self):
        self.campaign.invalidate_recordset()
        self._order(self.buyer_school, [(self.decl_a, 100)])
        filed = (
            self.env["xs.return.wizard"]
            .with_user(self.user_county)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "kind": "summary",
                    "date_from": self.campaign.date_start,
                    "date_to": self.today,
                }
            )
            ._xs_file()
        )
        raw = filed.attachment_id.raw
        self.assertEqual(hashlib.sha256(raw).hexdigest(), filed.checksum)
        url = f"/web/content/{filed.attachment_id.id}?download=true"
        for login in ("xs_county", "xs_township_a"):
            self.authenticate(login, login)
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, login)
            self.assertEqual(response.content, raw, login)
        portal = new_test_user(
            self.env, login="xs_dl_portal", groups="base.group_portal", lang="en_US"
        )
        portal.partner_id.parent_id = self.buyer_school
        self.authenticate("xs_dl_portal", "xs_dl_portal")
        self.assertNotEqual(self.url_open(url).content, raw)
