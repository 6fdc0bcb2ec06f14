from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_collection import XsCollectionCommon


@tagged("post_install", "-at_install")
class TestShopCollection(XsCollectionCommon):
    """R27: a person collects the order at the work unit they buy with: it ships to the work
    unit's collection address, on its collection day, and the work unit hands it out."""

    def test_r27_collection_day_is_the_first_after_the_order(self):
        school = self.buyer_school  # Fridays
        self.assertEqual(school._xs_collection_date(date(2026, 12, 7)), date(2026, 12, 11))
        self.assertEqual(school._xs_collection_date(date(2026, 12, 10)), date(2026, 12, 11))
        # Ordered on a Friday: collected the next Friday, the sellers need the time.
        self.assertEqual(school._xs_collection_date(date(2026, 12, 11)), date(2026, 12, 18))
        self.assertEqual(school._xs_collection_when(), "Friday 12:00-13:30")
        school.xs_collection_weekday = False
        self.assertFalse(school._xs_collection_date(date(2026, 12, 7)))

    def test_r27_collection_address_is_the_work_units_own(self):
        with self.assertRaisesText(ValidationError, "collection address must be its own"):
            self.buyer_school_2.xs_collection_address_id = self.school_gate
        self.assertEqual(self.buyer_school_2._xs_collection_address(), self.buyer_school_2)
        self.assertEqual(self.buyer_school._xs_collection_address(), self.school_gate)

    def test_r27_collected_order_ships_to_the_collection_address(self):
        order = self._cart(self.user_resident, [(self.decl_a, 2), (self.decl_b, 1)])
        # Only a person buying with a work unit taking part may collect there.
        self.assertNotIn(self.carrier_unit, order._get_delivery_methods())
        self.assertIn(self.carrier_home, order._get_delivery_methods())
        order._xs_shop_buy_with("work_unit", self.buyer_school.id)
        self.assertIn(self.carrier_unit, order._get_delivery_methods())
        order._set_delivery_method(self.carrier_unit)
        self.assertEqual(order.partner_shipping_id, self.school_gate)
        # Delivered home after all: the person's own address again, with the fee.
        order._set_delivery_method(self.carrier_home)
        self.assertEqual(order.partner_shipping_id, self.user_resident.partner_id)
        self.assertEqual(order.amount_delivery, 10.0)
        order._set_delivery_method(self.carrier_unit)
        self.assertEqual(order.partner_shipping_id, self.school_gate)
        self.assertEqual(order.amount_delivery, 0.0)

        self._pay_with(order, self.env.ref("payment.payment_provider_demo"))
        self.assertTrue(order.xs_shop_collect)
        self.assertEqual(order.xs_shop_payment_state, "paid")
        self.assertEqual(
            order.xs_collection_date,
            self.buyer_school._xs_collection_date(order.date_order.date()),
        )
        self.assertEqual(order.xs_collection_date.weekday(), 4)
        self._run_purchase_job()
        purchases = order.order_line.purchase_line_ids.order_id
        self.assertEqual(purchases.partner_id, self.seller_a | self.seller_b)
        # The sellers ship to the work unit's collection address.
        self.assertEqual(purchases.dest_address_id, self.school_gate)
        self.assertFalse(order.xs_seller_delivered)
        self._deliver(order)
        self.assertTrue(order.xs_seller_delivered)

    def test_r27_collection_needs_the_work_unit(self):
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 1)])
        order._xs_shop_buy_with("individual")
        # The carrier stays as set by an old page: no order collected at no work unit.
        order.carrier_id = self.carrier_unit
        with self.assertRaisesText(UserError, "To collect at your work unit"):
            order._xs_shop_hold()
        self.assertEqual(order.state, "draft")

    def test_r27_work_unit_hands_out_paid_orders_once(self):
        demo = self.env.ref("payment.payment_provider_demo")
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 2)])
        self._pay_with(order, demo)
        # Another work unit's login, a resident, the person themselves: refused.
        for user in (self.user_primary, self.user_resident_2, self.user_resident):
            with self.assertRaises(AccessError):
                order.with_user(user).action_xs_hand_out()
        self.assertFalse(order.xs_handed_out_date)
        order.with_user(self.user_canteen).action_xs_hand_out()
        self.assertTrue(order.xs_handed_out_date)
        self.assertEqual(order.xs_handed_out_by_id, self.user_canteen)
        with self.assertRaisesText(UserError, "already handed out"):
            order.with_user(self.user_canteen).action_xs_hand_out()
        # Not by writing the fields either.
        other = self._collect_cart(self.user_resident_2, self.buyer_school, [(self.decl_a, 1)])
        self._pay_with(other, demo)
        with self.assertRaises(UserError):
            other.with_user(self.user_county).write({"xs_handed_out_date": datetime.now()})

    def test_r27_unpaid_transfer_is_not_handed_out(self):
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 2)])
        self._pay_with(order, self._provider("xs_shop.payment_provider_bank_transfer"))
        self.assertEqual(order.xs_shop_payment_state, "transfer")
        with self.assertRaisesText(UserError, "not paid yet"):
            order.with_user(self.user_canteen).action_xs_hand_out()
        # Delivered home: not the work unit's to hand out.
        home = self._collect_cart(
            self.user_resident_2, self.buyer_school, [(self.decl_a, 1)], self.carrier_home
        )
        self._pay_with(home, self.env.ref("payment.payment_provider_demo"))
        with self.assertRaises(AccessError):
            home.with_user(self.user_canteen).check_access("read")
        with self.assertRaisesText(UserError, "not an order collected at a work unit"):
            home.with_user(self.user_canteen).action_xs_hand_out()

    def test_r27_paid_on_collection_when_handed_out(self):
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 2)])
        tx = self._pay_with(order, self._provider("xs_shop.payment_provider_on_collection"))
        self.assertEqual(tx.state, "pending")
        self.assertEqual(order.xs_shop_payment_state, "on_collection")
        order.with_user(self.user_canteen).action_xs_hand_out()
        # Paid to the work unit: finance matches the cash with the invoice, as core leaves a
        # payment_custom transaction pending.
        self.assertEqual(order.xs_shop_payment_state, "paid")
        self.assertEqual(tx.state, "pending")
