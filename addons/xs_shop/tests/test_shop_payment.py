from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_collection import XsCollectionCommon


@tagged("post_install", "-at_install")
class TestShopPayment(XsCollectionCommon):
    """R27: the county's payment_custom providers. A bank transfer holds the quantity from
    checkout, the sellers get their purchase orders once finance records it received, and
    an order whose transfer never comes is released; pay on collection is trusted at
    checkout; an online provider (the demo, AsiaPay) is paid or released as any."""

    def setUp(self):
        super().setUp()
        self.transfer = self._provider("xs_shop.payment_provider_bank_transfer")
        self.on_collection = self._provider("xs_shop.payment_provider_on_collection")

    def _offered(self, order):
        """The providers the checkout offers to pay ``order``."""
        return (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                order.company_id.id,
                order.partner_id.id,
                order.amount_total,
                currency_id=order.currency_id.id,
                sale_order_id=order.id,
                website_id=self.website.id,
            )
        )

    def _age(self, order, **delta):
        order.date_order = order.date_order - timedelta(**delta)

    def test_r27_the_county_offers_transfer_and_pay_on_collection(self):
        self.assertEqual(
            (self.transfer | self.on_collection).mapped("custom_mode"),
            ["wire_transfer", "xs_on_collection"],
        )
        self.assertIn("(to be filled in by the county)", self.transfer.pending_msg)
        collected = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 1)])
        home = self._collect_cart(
            self.user_resident_2, self.buyer_school, [(self.decl_a, 1)], self.carrier_home
        )

        self.assertLessEqual(self.transfer | self.on_collection, self._offered(collected))
        # Pay on collection: only for an order collected at the work unit.
        self.assertIn(self.transfer, self._offered(home))
        self.assertNotIn(self.on_collection, self._offered(home))

    def test_r27_transfer_holds_until_finance_records_it(self):
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 3)])
        tx = self._pay_with(order, self.transfer)
        self.assertEqual(tx.state, "pending")
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.decl_a.qty_remaining, 997, "held from checkout")
        self.assertFalse(order.xs_purchase_pending, "no seller's order before the money")
        self.assertEqual(order.xs_shop_payment_state, "transfer")
        self.assertEqual(order.xs_transfer_due_date, (order.date_order + timedelta(days=3)).date())
        # Neither the person nor a county user without finance's rights records it.
        for user in (self.user_resident, self.user_township_a):
            with self.assertRaises(AccessError):
                order.with_user(user).action_xs_transfer_received()
        order.with_user(self.user_finance).action_xs_transfer_received()
        self.assertEqual(order.xs_shop_payment_state, "paid")
        self.assertEqual(order.xs_transfer_received_by_id, self.user_finance)
        self.assertEqual(tx.state, "pending", "as core: finance reconciles the transfer")
        self.assertTrue(order.xs_purchase_pending)
        self._run_purchase_job()
        self.assertEqual(order.order_line.purchase_line_ids.order_id.partner_id, self.seller_a)
        with self.assertRaisesText(UserError, "awaits no bank transfer"):
            order.with_user(self.user_finance).action_xs_transfer_received()
        # Paid: never released, however old.
        self._age(order, days=30)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(order.state, "sale")

    def test_r27_transfer_not_paid_in_time_is_released(self):
        self.env["ir.config_parameter"].sudo().set_param("xs_shop.transfer_days", "2")
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 3)])
        tx = self._pay_with(order, self.transfer)
        self.assertEqual(self.decl_a.qty_remaining, 997)
        # Not after the online payments' hour: the person has the county's delay to pay.
        self._age(order, days=1)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.decl_a.qty_remaining, 997)
        self._age(order, days=1, minutes=1)
        messages = self.env["mail.message"].search([("model", "=", "sale.order")])
        released = self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertIn(order, released)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(self.decl_a.qty_remaining, 1000, "the entry's remaining goes back")
        self.assertFalse(order.order_line.purchase_line_ids)
        # The person is told.
        told = (
            self.env["mail.message"].search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id)]
            )
            - messages
        )
        self.assertIn(self.user_resident.partner_id, told.partner_ids)
        self.assertIn("did not arrive within 2 days", told.body)
        # Finance can no longer record it.
        with self.assertRaisesText(UserError, "awaits no bank transfer"):
            order.with_user(self.user_finance).action_xs_transfer_received()

    def test_r27_pay_on_collection_gets_purchase_orders_at_checkout(self):
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 2)])
        tx = self._pay_with(order, self.on_collection)
        self.assertEqual(tx.state, "pending")
        self.assertTrue(order.xs_purchase_pending)
        self._run_purchase_job()
        self.assertEqual(order.order_line.purchase_line_ids.order_id.partner_id, self.seller_a)
        # Trusted: never released unpaid.
        self._age(order, days=30)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(order.state, "sale")

    def test_r27_asiapay_is_an_online_provider_like_any(self):
        """payment_asiapay (Alipay, WeChat Pay, UnionPay) is installed with the shop,
        disabled; enabled for CNY the checkout offers it, and its payments hold, release and
        make purchase orders as the demo provider's do."""
        asiapay = self.env.ref("payment.payment_provider_asiapay")
        self.assertEqual(asiapay.code, "asiapay")
        cny = self.env.ref("base.CNY")
        asiapay.write(
            {
                "asiapay_brand": "paydollar",
                "asiapay_merchant_id": "xs-merchant",
                "asiapay_secure_hash_secret": "xs-secret",
                "available_currency_ids": [(6, 0, cny.ids)],
                "state": "test",
                "is_published": True,
            }
        )
        order = self._cart(self.user_resident, [(self.decl_a, 2)])
        order._set_delivery_method(self.carrier_home)
        self.assertEqual(order.currency_id, cny)
        self.assertIn(asiapay, self._offered(order))
        # Paid: the sellers get their orders.
        self._pay_with(order, asiapay)
        self.assertTrue(order.xs_purchase_pending)
        # The person left AsiaPay's page without paying: released after the hour.
        unpaid = self._cart(self.user_resident_2, [(self.decl_a, 3)])
        self._start_payment(unpaid, asiapay)
        self.assertFalse(unpaid.xs_purchase_pending)
        self.assertEqual(self.decl_a.qty_remaining, 995)
        self._age(unpaid, hours=2)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(unpaid.state, "cancel")
        self.assertEqual(self.decl_a.qty_remaining, 998)
        # A declined payment gives the quantity back at once.
        declined = self._cart(self.user_resident_2, [(self.decl_a, 4)])
        tx = self._start_payment(declined, asiapay)
        tx._set_error("declined")
        tx._post_process()
        self.assertEqual(declined.state, "cancel")
        self.assertEqual(self.decl_a.qty_remaining, 998)
