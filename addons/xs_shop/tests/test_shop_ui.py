from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import XsShopCommon


@tagged("post_install", "-at_install")
class TestShopUi(XsShopCommon, HttpCase):
    """R27 end to end in Chromium at phone width: a resident finds produce by township,
    buys two sellers' entries, pays with the demo provider, finds the order in My Orders;
    the scheduled job makes the sellers' purchase orders."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.township_a.name = "Shop Town A"
        cls.township_b.name = "Shop Town B"
        cls.seller_a.name = "Shop Cooperative A"
        cls.seller_b.name = "Shop Family Farm B"
        provider = cls.env.ref("payment.payment_provider_demo")
        provider.write({"state": "test", "is_published": True})
        # The demo provider only, as core's checkout tours pay.
        cls.env["payment.provider"].search([("id", "!=", provider.id)]).state = "disabled"
        cls.env["delivery.carrier"].search([]).is_published = False
        cls.env.ref("delivery.free_delivery_carrier").write(
            {"is_published": True, "website_id": False}
        )
        cls.user_resident.partner_id.write(
            {
                "country_id": cls.env.ref("base.cn").id,
                "email": "zhou@example.com",
                "phone": "13900000000",
            }
        )
        cls.env["sale.order"].search(
            [("partner_id", "=", cls.user_resident.partner_id.id)]
        ).order_line.unlink()
        # The tour reads the English labels (core's checkout steps among them).
        cls.website.write(
            {"account_on_checkout": "mandatory", "default_lang_id": cls.env.ref("base.lang_en").id}
        )
        cls.decl_a.write({"channel_action_ids": [Command.link(cls.action_shop.id)]})

    def test_r27_resident_buys_two_sellers_entries_on_a_phone(self):
        self.start_tour("/shop/produce", "xs_shop_buy_tour", login="xs_resident")
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident.partner_id.id), ("state", "=", "sale")]
        )
        self.assertEqual(len(order), 1)
        lines = order.order_line.filtered("xs_declaration_id")
        self.assertEqual(lines.xs_declaration_id, self.decl_a | self.decl_b)
        self.assertEqual(lines.mapped("product_uom_qty"), [3, 3])
        self.assertEqual(order.xs_action_id, self.action_east_west)
        self.assertEqual(order.transaction_ids.state, "done")
        self.assertTrue(order.xs_purchase_pending)
        self._run_purchase_job()
        purchases = lines.purchase_line_ids.order_id
        self.assertEqual(purchases.partner_id, self.seller_a | self.seller_b)
        self.assertEqual(self.decl_a.qty_remaining, 997)

    def test_r27_resident_applies_a_promotion_code_and_pays_on_a_phone(self):
        """R27, R12: the 12.12 promotion's code in the cart; the person pays the discounted
        amount, the order counts under the event, the seller's order is at the declared price."""
        promotion = self._new_promotion(
            trigger="with_code",
            rule_ids=[
                Command.clear(),
                Command.create(
                    {"reward_point_mode": "order", "mode": "with_code", "code": "DOUBLE12"}
                ),
            ],
        )
        self.start_tour(
            f"/shop/produce/{self.decl_a.id}", "xs_shop_promotion_tour", login="xs_resident"
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident.partner_id.id), ("state", "=", "sale")]
        )
        self.assertEqual(order.order_line.reward_id.program_id, promotion)
        # 10% of 4 x 2.50 (a delivery line is not discounted); the person paid it all.
        self.assertEqual(order.order_line.filtered("reward_id").price_subtotal, -1.0)
        paid = order.transaction_ids.filtered(lambda tx: tx.state == "done")
        self.assertEqual(paid.amount, order.amount_total)
        self.env.flush_all()
        rows = self.env["xs.counted.line"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(sum(rows.mapped("amount_ordered")), 9.0)
        self.assertEqual(order.xs_event_id, promotion.xs_event_id)
        self._run_purchase_job()
        self.assertEqual(order.order_line.purchase_line_ids.price_subtotal, 10.0)
