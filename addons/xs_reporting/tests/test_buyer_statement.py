import base64
import io
from datetime import timedelta

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestBuyerStatement(XsOrdersCommon, HttpCase):
    """R11: a buyer downloads its own statement from the portal: ordered, received,
    invoiced and paid per line, totals as formulas; nothing of other buyers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Statement contact", "parent_id": cls.buyer_school.id, "email": "s@ex.com"}
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_statement_buyer",
                "password": "xs_statement_buyer",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _rows(self, content):
        sheet = load_workbook(io.BytesIO(content)).active
        return sheet, [[c.value for c in row] for row in sheet.iter_rows()]

    def test_r11_statement_download(self):
        mine = self._order(self.buyer_school, [(self.decl_a, 100), (self.decl_b, 50)])
        self._deliver(mine)
        invoice = self._invoice_customer(mine)
        self._pay(invoice)
        theirs = self._order(self.buyer_school_2, [(self.decl_a, 10)])

        self.authenticate("xs_statement_buyer", "xs_statement_buyer")
        self.assertIn('href="/my/statement"', self.url_open("/my/commitments").text)
        response = self.url_open("/my/statement")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        sheet, rows = self._rows(response.content)
        self.assertEqual(rows[0][0], "Consumption Assistance Purchase Statement")
        header = rows[2]
        data = rows[3:-1]
        self.assertEqual(len(data), 2, "both lines of the buyer's order, none of the other's")
        self.assertEqual({r[1] for r in data}, {mine.name})
        self.assertNotIn(theirs.name, str(rows))
        self.assertEqual(
            {r[header.index("Seller")] for r in data}, {"Test Cooperative A", "Test Family Farm B"}
        )
        amount = header.index("Amount (CNY)")
        paid = header.index("Paid (CNY)")
        self.assertEqual(sorted(r[amount] for r in data), [100.0, 250.0])
        self.assertEqual(sorted(r[paid] for r in data), [100.0, 250.0])
        self.assertEqual(sorted(r[header.index("Received")] for r in data), [50.0, 100.0])
        total = rows[-1]
        self.assertTrue(str(total[amount]).startswith("=SUM("))
        self.assertTrue(sheet.print_title_rows)

    def _direct(self, buyer, quantity, amount, days_ago):
        return self.env["xs.direct.purchase"].create(
            {
                "campaign_id": self.campaign.id,
                "buyer_id": buyer.id,
                "seller_id": self.decl_a.seller_id.id,
                "declaration_id": self.decl_a.id,
                "date": self.today - timedelta(days=days_ago),
                "quantity": quantity,
                "amount": amount,
                "evidence": base64.b64encode(b"receipt"),
            }
        )

    def test_r11_r13_statement_off_platform_purchases(self):
        """R11/R13: the buyer's verified off-platform purchases are rows of their own,
        flagged by source and dated on the county calendar, and count in the totals once;
        pending, rejected and other buyers' purchases do not appear."""
        mine = self._order(self.buyer_school, [(self.decl_a, 100), (self.decl_b, 50)])
        self._deliver(mine)
        self._pay(self._invoice_customer(mine))
        verified = self._direct(self.buyer_school, 7, 21.5, 2)
        pending = self._direct(self.buyer_school, 3, 9.0, 1)
        rejected = self._direct(self.buyer_school, 4, 11.0, 1)
        theirs = self._direct(self.buyer_school_2, 5, 13.0, 1)
        (verified | theirs).with_user(self.user_county).action_verify()
        rejected.with_user(self.user_county).action_reject("No receipt number")

        self.authenticate("xs_statement_buyer", "xs_statement_buyer")
        _sheet, rows = self._rows(self.url_open("/my/statement").content)
        header = rows[2]
        data, total = rows[3:-1], rows[-1]
        col = {name: header.index(name) for name in header}
        self.assertEqual(len(data), 3, "two order lines and the verified purchase")
        for other in pending | rejected | theirs:
            self.assertNotIn(other.name, str(rows))
        (direct_row,) = [r for r in data if r[col["Order"]] == verified.name]
        self.assertEqual(direct_row[col["Source"]], "Off-Platform Purchase")
        self.assertEqual(
            {r[col["Source"]] for r in data if r is not direct_row}, {"Platform Order"}
        )
        day = verified.date  # a Date: the county calendar day the buyer entered
        self.assertEqual(direct_row[col["Date"]], f"{day.year}年{day.month}月{day.day}日")
        self.assertEqual(direct_row[col["Seller"]], "Test Cooperative A")
        self.assertEqual(direct_row[col["Product"]], self.decl_a.product_id.name)
        self.assertEqual(direct_row[col["Ordered"]], 7.0)
        for name in ("Amount (CNY)", "Invoiced (CNY)", "Paid (CNY)"):
            self.assertAlmostEqual(direct_row[col[name]], 21.5)

        # Totals: SUM formulas over every row (openpyxl reads the formula; its cached
        # value is checked against the documents, computed here independently).
        order_lines = mine.order_line
        expected = {
            "Amount (CNY)": sum(order_lines.mapped("price_subtotal")) + verified.amount,
            "Invoiced (CNY)": sum(
                order_lines.invoice_lines.filtered(lambda il: il.move_id.state == "posted").mapped(
                    "price_subtotal"
                )
            )
            + verified.amount,
            "Paid (CNY)": sum(
                order_lines.invoice_lines.filtered(
                    lambda il: il.move_id.payment_state in ("paid", "in_payment")
                ).mapped("price_subtotal")
            )
            + verified.amount,
        }
        self.assertAlmostEqual(expected["Amount (CNY)"], 350.0 + 21.5)
        values = load_workbook(
            io.BytesIO(self.url_open("/my/statement").content), data_only=True
        ).active
        cached = [c.value for c in list(values.iter_rows())[len(rows) - 1]]
        for name, amount in expected.items():
            letter = chr(ord("A") + col[name])
            self.assertEqual(total[col[name]], f"=SUM({letter}4:{letter}{len(rows) - 1})")
            self.assertAlmostEqual(cached[col[name]], amount, places=2)
            self.assertAlmostEqual(sum(r[col[name]] for r in data), amount, places=2)

    def test_r11_statement_is_own_organisation_only(self):
        report = self.env["ir.actions.report"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            report._render_xlsx("xs_reporting.buyer_statement_xlsx", self.buyer_school_2.ids, {})
        with self.assertRaises(AccessError):
            report._render_xlsx("xs_reporting.surplus_statistics_xlsx", self.campaign.ids, {})
        # County staff print any buyer's statement from the contact form.
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_county)
            ._render_xlsx("xs_reporting.buyer_statement_xlsx", self.buyer_school_2.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        _sheet, rows = self._rows(content)
        self.assertIn("Test Primary School", rows[1][0])
