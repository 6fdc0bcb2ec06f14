import io

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
