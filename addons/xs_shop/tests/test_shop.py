from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import XsShopCommon


@tagged("post_install", "-at_install")
class TestShop(XsShopCommon):
    """R27: people buy the entries published to residents and staff through Odoo
    eCommerce, with the catalogue's supply chain, guarantees and counting."""

    def _pay(self, order, state="done"):
        return self._pay_in_shop(order, state)

    def test_r27_shop_sells_exactly_the_entries_published_to_residents(self):
        Entries = self.env["xs.surplus.declaration"]
        mine = [("campaign_id", "=", self.campaign.id)]
        self.assertEqual(Entries._xs_shop_search(self.website, mine), self.decl_a | self.decl_b)
        self.assertEqual(Entries._xs_shop_search(self.website, mine, count=True), 2)
        self.assertEqual(
            Entries._xs_shop_search(self.website, [("township_id", "=", self.township_b.id)]),
            self.decl_b,
        )
        # Published to schools only: not in the shop, and no cart takes it.
        self.decl_b.write({"channel_action_ids": [Command.set(self.action_school.ids)]})
        self.assertEqual(Entries._xs_shop_search(self.website, mine), self.decl_a)
        with self.assertRaisesText(UserError, "not sold in the shop"):
            self._cart(self.user_resident, [(self.decl_b, 1)])

    def test_r27_each_cart_line_carries_its_entry_at_the_declared_price(self):
        # Two sellers' entries of the same produce: two lines, each with its entry.
        order = self._cart(self.user_resident, [(self.decl_a, 3), (self.decl_b, 2)])
        order._cart_update(self.decl_a.product_id.id, add_qty=1, xs_declaration_id=self.decl_a.id)
        lines = order.order_line.sorted("id")
        self.assertEqual(lines.xs_declaration_id, self.decl_a | self.decl_b)
        self.assertEqual(lines.mapped("product_uom_qty"), [4, 2])
        self.assertEqual(lines.mapped("price_unit"), [2.5, 2.0])
        self.assertIn("Test Family Farm B", lines[1].name)
        self.assertEqual(order.xs_campaign_id, self.campaign)
        # A caring individual's order counts under the channel the county sets for them.
        self.assertEqual(order.xs_action_id, self.action_ecommerce)
        # No more than is left goes into the cart.
        values = order._cart_update(
            self.decl_b.product_id.id, add_qty=1000, xs_declaration_id=self.decl_b.id
        )
        self.assertEqual(values["quantity"], 500)
        self.assertIn("Only 500", values["warning"])

    def test_r27_paid_order_gets_its_sellers_purchase_orders_through_the_job(self):
        order = self._cart(self.user_resident, [(self.decl_a, 3), (self.decl_b, 2)])
        order._xs_shop_hold()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.decl_a.qty_remaining, 997, "held before any payment")
        self.assertFalse(order.order_line.purchase_line_ids, "no seller's order before payment")
        self.assertFalse(order.xs_purchase_pending)
        self._pay(order)
        self.assertTrue(order.xs_purchase_pending)
        self._run_purchase_job()
        purchases = order.order_line.purchase_line_ids.order_id
        self.assertEqual(purchases.partner_id, self.seller_a | self.seller_b)
        self.assertEqual(set(purchases.mapped("state")), {"purchase"})
        self.assertEqual(
            purchases.order_line.mapped("xs_declaration_id"), self.decl_a | self.decl_b
        )
        self.assertFalse(order.xs_purchase_pending)

    def test_r27_delivery_line_counts_for_nothing(self):
        order = self._cart(self.user_resident, [(self.decl_a, 2)])
        carrier = self.env.ref("delivery.free_delivery_carrier")
        carrier.fixed_price = 8.0  # a delivery fee is not produce sold either
        order._set_delivery_method(carrier)
        self.assertTrue(order.order_line.filtered("is_delivery"))
        order._xs_shop_hold()
        self.env.flush_all()
        rows = self.env["xs.counted.line"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(rows.product_id, self.decl_a.product_id)
        self.assertEqual(sum(rows.mapped("amount_ordered")), 5.0)
        self.assertEqual(order.amount_untaxed, 13.0)

    def test_r27_failed_payment_gives_the_quantity_back(self):
        order = self._cart(self.user_resident, [(self.decl_a, 3)])
        order._xs_shop_hold()
        self._pay(order, state="error")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(self.decl_a.qty_remaining, 1000)
        self.assertFalse(order.order_line.purchase_line_ids)

    def test_r27_what_sold_out_meanwhile_is_named_and_nothing_held(self):
        order = self._cart(self.user_resident, [(self.decl_a, 3), (self.decl_b, 2)])
        self._order(self.buyer_school, [(self.decl_b, 500)])  # a school takes all of B
        self.assertEqual(self.decl_b.state, "sold_out")
        self.assertEqual(order._xs_shop_sold_out(), self.decl_b)
        with self.assertRaisesText(
            UserError, "Sold out just now: Test Cabbage (Test Family Farm B)"
        ):
            order._xs_shop_hold()
        self.assertEqual(order.state, "draft")
        # The person can still take the sold-out line out of the cart, then pay for the rest.
        line_b = order.order_line.filtered(lambda sol: sol.xs_declaration_id == self.decl_b)
        order._cart_update(self.decl_b.product_id.id, line_id=line_b.id, set_qty=0)
        order._xs_shop_hold()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.xs_declaration_id, self.decl_a)

    def test_r27_per_buyer_limit_applies_to_persons(self):
        self.decl_a.max_qty_per_buyer = 5
        first = self._cart(self.user_resident, [(self.decl_a, 3)])
        first._xs_shop_hold()
        second = self._cart(self.user_resident, [(self.decl_a, 3)])
        with self.assertRaisesText(UserError, "Resident Zhou may take at most 5"):
            second._xs_shop_hold()
        # Another person has a limit of their own.
        other = self._cart(self.user_resident_2, [(self.decl_a, 3)])
        other._xs_shop_hold()
        self.assertEqual(other.state, "sale")

    def test_r27_order_counts_in_the_channel_of_whom_the_person_buys_with(self):
        order = self._cart(self.user_resident, [(self.decl_a, 2)])
        order._xs_shop_buy_with("dezhou")
        self.assertEqual(order.xs_action_id, self.action_east_west)
        self.buyer_school.xs_shop_work_unit = True
        order._xs_shop_buy_with("work_unit", str(self.buyer_school.id))
        self.assertEqual(order.xs_action_id, self.action_school)
        with self.assertRaisesText(UserError, "Choose your work unit or union"):
            order._xs_shop_buy_with("work_unit", self.buyer_bank.id)  # takes no part
        with self.assertRaisesText(UserError, "Choose whom you buy with"):
            order._xs_shop_buy_with("mayor")
        self.assertEqual(order.xs_action_id, self.action_school)
        order._xs_shop_buy_with("dezhou")
        order._xs_shop_hold()
        self._pay(order)
        rows = self.env["xs.counted.line"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(set(rows.mapped("action_type")), {"east_west"})
        self.assertEqual(sum(rows.mapped("amount_ordered")), 5.0)
        # The publication channel is never the counted one.
        with self.assertRaises(ValidationError):
            order.xs_action_id = self.action_shop

    def test_r27_signup_makes_a_resident(self):
        user = self.env["res.users"]._signup_create_user(
            {"login": "xs_signup@example.com", "name": "Signed Up", "password": "x1y2z3w4"}
        )
        self.assertEqual(user.partner_id.xs_channel, "shop")
        order = self._cart(user, [(self.decl_a, 1)])
        order._xs_shop_hold()
        self.assertEqual(order.state, "sale")

    def test_r27_unpaid_order_releases_its_quantity(self):
        order = self._cart(self.user_resident, [(self.decl_a, 3)])
        order._xs_shop_hold()
        self.assertEqual(self.decl_a.qty_remaining, 997)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(order.state, "sale", "not yet: the person may still be paying")
        order.date_order = fields.Datetime.subtract(order.date_order, hours=2)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(self.decl_a.qty_remaining, 1000)
        # A paid order is never released.
        paid = self._cart(self.user_resident, [(self.decl_a, 2)])
        paid._xs_shop_hold()
        self._pay(paid)
        paid.date_order = fields.Datetime.subtract(paid.date_order, hours=2)
        self.env["sale.order"]._xs_cron_release_unpaid()
        self.assertEqual(paid.state, "sale")
