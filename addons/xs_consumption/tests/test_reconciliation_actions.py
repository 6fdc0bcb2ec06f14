from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestReconciliationActions(XsOrdersCommon):
    """R17: finance's list of sellers still unpaid leads to the seller's bills and to
    paying them (core's actions), and shows the difference between what was purchased
    and what the seller billed."""

    def test_r17_unpaid_row_opens_bills_and_pays_the_seller(self):
        order = self._order(self.buyer_school, [(self.decl_a, 300)])
        purchase = order.order_line.purchase_line_ids.order_id
        self._deliver(order)  # confirms the purchase; the seller ships, then bills
        self.env.flush_all()
        Row = self.env["xs.reconciliation.line"].with_user(self.user_finance)
        row = Row.search([("sale_order_id", "=", order.id)])
        self.assertTrue(row.seller_unpaid)
        # Nothing billed yet: the whole purchase is the difference.
        self.assertEqual(row.amount_difference, row.amount_purchased)
        self.assertEqual(row.amount_difference, 750.0)
        with self.assertRaisesText(UserError, "bill"):
            row.action_register_payment()

        # Bills: none yet, so core's Create Bill of the purchase order.
        action = row.action_open_bills()
        self.assertEqual(action["res_model"], "account.move")
        bill = purchase.invoice_ids
        self.assertEqual(len(bill), 1)
        self.assertEqual(action["res_id"], bill.id)
        bill.invoice_date = self.today
        bill.action_post()
        self.env.flush_all()
        row.invalidate_recordset()
        self.assertEqual(row.amount_difference, 0.0)
        self.assertEqual(row.action_open_bills()["res_id"], bill.id)

        # Pay: core's Register Payment on the seller's posted bill.
        action = row.action_register_payment()
        self.assertEqual(action["res_model"], "account.payment.register")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_finance)
            .with_context(**action["context"])
        ).save()
        wizard._create_payments()
        self.env.flush_all()
        row.invalidate_recordset()
        self.assertFalse(row.seller_unpaid)
        self.assertEqual(row.amount_paid, 750.0)
        self.assertEqual(
            Row.search_count([("seller_unpaid", "=", True), ("sale_order_id", "=", order.id)]), 0
        )

    def test_r17_only_finance_opens_bills_or_pays(self):
        order = self._order(self.buyer_school, [(self.decl_a, 10)])
        order.order_line.purchase_line_ids.order_id.button_confirm()
        self.env.flush_all()
        row = self.env["xs.reconciliation.line"].search([("sale_order_id", "=", order.id)])
        for user in (self.user_township_a, self.user_lead):
            with self.assertRaises(AccessError):
                row.with_user(user).action_open_bills()
            with self.assertRaises(AccessError):
                row.with_user(user).action_register_payment()
