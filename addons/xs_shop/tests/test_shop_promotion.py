from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import XsShopCommon


class XsPromotionCommon(XsShopCommon):
    """A 12.12 promotion of the campaign (10% off every shop order), attached to the
    campaign's event that runs today and funded by the county's finance bureau."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.promotion = cls._new_promotion()
        cls.event = cls.promotion.xs_event_id
        cls.funder = cls.promotion.xs_funder_id


@tagged("post_install", "-at_install")
class TestShopPromotion(XsPromotionCommon):
    """R27, R12, R22: a promotion of an event lowers what the person pays; the seller is
    still paid the declared price, the funder's subsidy makes up the difference in finance's
    reconciliation and the counted amount is what the person paid."""

    def test_r27_promotion_order_paid_purchase_and_subsidy_add_up(self):
        order = self._cart(self.user_resident, [(self.decl_a, 3), (self.decl_b, 2)])
        reward = order.order_line.filtered("reward_id")
        self.assertEqual(reward.reward_id.program_id, self.promotion)
        self.assertEqual(reward.price_subtotal, -1.15, "10% of 7.50 + 4.00")
        self.assertEqual(order.amount_total, 10.35)
        order._xs_shop_hold()
        self.assertEqual(order.xs_event_id, self.event, "R12: counted under the event")
        self._pay_in_shop(order)
        self._run_purchase_job()
        entries = order.order_line - reward
        # The sellers are paid the declared price: their purchase orders hold the entries
        # only, at 2.50 and 2.00; the discount line buys nothing and moves no goods.
        purchase_lines = order.order_line.purchase_line_ids
        self.assertEqual(purchase_lines.sale_line_id, entries)
        self.assertEqual(sorted(purchase_lines.mapped("price_unit")), [2.0, 2.5])
        self.assertEqual(sum(purchase_lines.mapped("price_subtotal")), 11.5)
        self.assertFalse(reward.purchase_line_ids)
        self.assertFalse(reward.move_ids)
        # The discount spread over the entries in proportion to their amounts.
        self.assertEqual(entries.mapped("xs_promotion_discount"), [0.75, 0.40])
        # Finance: what the buyer paid plus the funder's subsidy is what the sellers get.
        Reconciliation = self.env["xs.reconciliation.line"].with_user(self.user_finance)
        rows = Reconciliation.search([("sale_order_id", "=", order.id)])
        subsidy = rows.filtered("is_subsidy")
        self.assertEqual(subsidy.funder_id, self.funder)
        self.assertEqual(subsidy.amount_subsidy, 1.15)
        self.assertFalse(subsidy.amount_purchased or subsidy.amount_sold)
        sales = rows - subsidy
        self.assertEqual(sales.sale_line_id, entries)
        paid = sum(sales.mapped("amount_buyer_paid"))
        self.assertEqual(paid, order.transaction_ids.amount)
        purchased = sum(rows.mapped("amount_purchased"))
        self.assertEqual(purchased, sum(rows.mapped("amount_sold")))
        self.assertEqual(round(paid + subsidy.amount_subsidy, 2), purchased)

    def test_r22_promotion_order_counts_what_the_person_paid(self):
        order = self._cart(self.user_resident, [(self.decl_a, 3), (self.decl_b, 2)])
        order._xs_shop_hold()
        self._pay_in_shop(order)
        self._run_purchase_job()
        self._deliver(order)
        invoice = self._invoice_customer(order)
        # The person's online payment settles the invoice.
        self.assertEqual(invoice.payment_state, "paid")
        self.env.flush_all()
        rows = self.env["xs.counted.line"].search([("sale_order_id", "=", order.id)])
        # The discount line is no produce: only the entries' rows, under the event.
        self.assertEqual(rows.product_id, self.decl_a.product_id | self.decl_b.product_id)
        self.assertEqual(rows.event_id, self.event)
        for basis in ("ordered", "delivered", "invoiced", "paid"):
            self.assertEqual(
                round(sum(rows.mapped(f"amount_{basis}")), 2), order.amount_total, basis
            )
        by_entry = {row.declaration_id: row.amount_ordered for row in rows if row.amount_ordered}
        self.assertEqual(by_entry, {self.decl_a: 6.75, self.decl_b: 3.60})
        self.assertEqual(round(sum(rows.mapped("amount_counted")), 2), 10.35)

    def test_r22_discount_spread_to_the_fen_remainder_on_the_largest_line(self):
        spread = self.env["sale.order"]._xs_spread
        self.assertEqual(spread(1.15, [7.5, 4.0]), [0.75, 0.40])
        # 0.27 + 0.45 + 0.27 leaves a fen: the largest line takes it.
        self.assertEqual(spread(1.0, [3.0, 5.0, 3.0]), [0.27, 0.46, 0.27])
        # Of equal lines, the first.
        self.assertEqual(spread(1.0, [10.0, 10.0, 10.0]), [0.34, 0.33, 0.33])
        self.assertEqual(spread(0.0, [10.0, 10.0]), [0.0, 0.0])

    def test_r12_promotion_runs_only_within_its_event(self):
        self.assertEqual(
            (self.promotion.date_from, self.promotion.date_to),
            (self.event.date_start, self.event.date_end),
        )
        # The event moved to last week: its promotion with it, and it discounts nothing today.
        self.event.write(
            {
                "date_start": self.today - timedelta(days=8),
                "date_end": self.today - timedelta(days=7),
            }
        )
        self.assertEqual(self.promotion.date_to, self.today - timedelta(days=7))
        order = self._cart(self.user_resident, [(self.decl_a, 3), (self.decl_b, 2)])
        self.assertFalse(order.order_line.filtered("reward_id"))
        self.assertEqual(order.amount_total, 11.5)
        order._xs_shop_hold()
        self.assertFalse(order.xs_event_id)
        with self.assertRaisesText(ValidationError, "runs only within its event"):
            self.promotion.date_to = self.today
        with self.assertRaisesText(ValidationError, "say who funds the discount"):
            self.promotion.xs_funder_id = False
        with self.assertRaisesText(ValidationError, "discount on the whole order"):
            self.promotion.reward_ids.discount_applicability = "cheapest"

    def test_r12_county_runs_promotions_a_township_does_not(self):
        values = {
            "name": "New Year: 10% off",
            "xs_event_id": self.event.id,
            "xs_funder_id": self.funder.id,
        }
        Programs = self.env["loyalty.program"]
        new_year = Programs.with_user(self.user_county).create(values)
        self.assertEqual(new_year.date_from, self.event.date_start)
        self.assertEqual(new_year.date_to, self.event.date_end)
        new_year.reward_ids.with_user(self.user_county).description = "New Year: 10% off"
        self.assertEqual(new_year.reward_ids.discount_line_product_id.name, "New Year: 10% off")
        with self.assertRaises(AccessError):
            Programs.with_user(self.user_township_a).create(values)


@tagged("post_install", "-at_install")
class TestShopPromotionSecurity(XsPromotionCommon, HttpCase):
    """R27, R22: what a shop customer must NOT do with promotions and finance's figures."""

    def test_r27_customer_neither_makes_promotions_nor_reads_reconciliation(self):
        self.authenticate("xs_resident", "xs_resident")
        order = self._cart(self.user_resident, [(self.decl_a, 2)])
        order._xs_shop_hold()
        calls = [
            ("loyalty.program", "create", [{"name": "Everything free"}]),
            ("loyalty.program", "write", [self.promotion.ids, {"xs_funder_id": False}]),
            ("loyalty.reward", "write", [self.promotion.reward_ids.ids, {"discount": 100}]),
            ("loyalty.program", "read", [self.promotion.ids, ["name"]]),
            ("xs.reconciliation.line", "search_read", [[], ["amount_subsidy"]]),
        ]
        for model, method, args in calls:
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException) as caught:
                    self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/{model}/{method}",
                        {"model": model, "method": method, "args": args, "kwargs": {}},
                    )
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.assertEqual(self.promotion.reward_ids.discount, 10)
        self.assertEqual(self.promotion.xs_funder_id, self.funder)
