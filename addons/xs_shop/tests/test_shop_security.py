import re

from odoo import Command
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import XsShopCommon

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestShopSecurity(XsShopCommon, HttpCase):
    """R27: what a shop customer must NOT do, as that customer, over HTTP and JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_order = cls._cart(cls.user_resident_2, [(cls.decl_a, 2)])
        cls.other_order._xs_shop_hold()
        cls.own_order = cls._cart(cls.user_resident, [(cls.decl_b, 1)])
        cls.own_order._xs_shop_hold()
        # An entry published to schools only.
        cls.decl_school = cls._create_declaration(product_id=cls.product_kiwi.id, quantity=50)
        cls.decl_school.action_submit()
        cls.decl_school.with_user(cls.user_county).action_verify()
        cls.decl_school.write({"channel_action_ids": [Command.set(cls.action_school.ids)]})
        cls.decl_school.with_user(cls.user_county).action_list()

    def setUp(self):
        super().setUp()
        self.authenticate("xs_resident", "xs_resident")

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertRefused(self, model, method, *args, errors=(ACCESS_ERROR,), **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._rpc(model, method, *args, **kwargs)
        self.assertIn(str(caught.exception), errors)

    def test_r27_customer_reads_no_other_customers_orders(self):
        self.assertRefused("sale.order", "read", [self.other_order.id], ["amount_total"])
        self.assertRefused("sale.order.line", "read", self.other_order.order_line.ids, ["name"])
        found = self._rpc("sale.order", "search_read", [], fields=["id"])
        self.assertEqual([r["id"] for r in found], [self.own_order.id])
        response = self.url_open(f"/my/orders/{self.other_order.id}")
        self.assertNotIn(self.other_order.name, response.text)
        self.assertTrue(response.url.endswith("/my"), response.url)
        # Nor does it rewrite its own order (what it counts under, its state).
        self.assertRefused(
            "sale.order", "write", [self.own_order.id], {"xs_action_id": self.action_school.id}
        )
        self.assertRefused("sale.order", "action_cancel", [self.own_order.id])

    def test_r27_customer_reads_no_unpublished_entry(self):
        self.assertRefused("xs.surplus.declaration", "read", [self.decl_school.id], ["name"])
        found = {r["id"] for r in self._rpc("xs.surplus.declaration", "search_read", [], ["id"])}
        self.assertLessEqual({self.decl_a.id, self.decl_b.id}, found)
        self.assertNotIn(self.decl_school.id, found)
        on_sale = self.env["xs.surplus.declaration"]._xs_shop_search(self.website)
        self.assertLessEqual(found, set(on_sale.ids), "only what the shop sells")
        self.assertEqual(self.url_open(f"/shop/produce/{self.decl_school.id}").status_code, 404)
        self.assertEqual(
            self.url_open(f"/shop/produce/{self.decl_school.id}/image").status_code, 404
        )
        # Nor puts it in a cart by its id (the form's token taken from a published entry):
        # the cart says it is not sold.
        page = self.url_open(f"/shop/produce/{self.decl_a.id}").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            f"/shop/produce/{self.decl_school.id}/add", data={"csrf_token": token, "add_qty": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("This produce is not sold in the shop any more.", response.text)
        self.assertFalse(
            self.env["sale.order.line"].search([("xs_declaration_id", "=", self.decl_school.id)])
        )

    def test_r27_customer_has_no_back_office(self):
        response = self.url_open("/odoo/action-sale.action_orders")
        self.assertNotIn("/odoo", response.url)
        # The sellers' purchase orders: none is the customer's to read.
        self.assertFalse(self._rpc("purchase.order", "search_read", [], fields=["id"]))
        self.assertRefused("res.partner", "write", [self.seller_a.id], {"name": "X"})
        self.assertRefused(
            "xs.surplus.declaration",
            "write",
            [self.decl_a.id],
            {"price_unit": 0.01},
            errors=(ACCESS_ERROR, "odoo.exceptions.UserError"),
        )
        self.assertEqual(self.decl_a.price_unit, 2.5)
        self.assertRefused("xs.counted.line", "search_read", [], fields=["id"])

    def test_r27_shop_speaks_chinese(self):
        """R21, R27: the shop's own pages in the customer's language."""
        self.user_resident.lang = "zh_CN"
        self.authenticate("xs_resident", "xs_resident")  # a session in the person's language
        self.assertEqual(self.website.default_lang_id.code, "zh_CN")
        page = self.url_open("/shop/produce").text
        for term in ("全部乡镇", "全部类别", "筛选", "带动"):
            self.assertIn(term, page)
        page = self.url_open(f"/shop/produce/{self.decl_a.id}").text
        for term in ("加入购物车", "销售经营主体", "带动农户户数", "其中脱贫户"):
            self.assertIn(term, page)
        households = r"（其中脱贫户\s*<span>\d+</span>\s*户，监测户\s*<span>\d+</span>\s*户）"
        self.assertRegex(page, households)
        # Checkout on a phone: the steps and the order summary read in Chinese, not in
        # core's literal Chinese ("订单评价" rates an order, "1 的 3", "项目（个）").
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.url_open(
            f"/shop/produce/{self.decl_a.id}/add", data={"csrf_token": token, "add_qty": "3"}
        )
        self.user_resident.partner_id.write(
            {
                "street": "凤凰路 8 号",
                "city": "秀山县",
                "zip": "409900",
                "country_id": self.env.ref("base.cn").id,
                "phone": "13800000000",
                "email": "zhou@example.com",
            }
        )
        cart = self.url_open("/shop/cart").text
        checkout = self.url_open("/shop/checkout?try_skip_step=true").text
        for page, term in (
            (cart, "核对订单"),
            (cart, '<p class="mx-auto fw-bold">1/3</p>'),
            (checkout, '<p class="mx-auto fw-bold">2/3</p>'),
            (checkout, "订单摘要"),
            (checkout, '<span class="ms-1">件</span>'),
        ):
            self.assertTrue(term in page, f"{term} missing from {page[:400]}")
        for literal in ("订单评价", "1 的 ", "2 的 ", "项目（个）"):
            self.assertFalse(literal in cart + checkout, f"{literal} shown")
        # The demo provider's form posts its states' own values (core's Chinese turned
        # "done" into "完成": every demo payment in Chinese failed).
        view = self.env.ref("payment_demo.payment_details")
        chinese_form = view.with_context(lang="zh_CN").arch_db
        self.assertIn('<option value="done"', chinese_form)
        self.assertNotIn('value="完成"', chinese_form)
        self.assertIn("成功", chinese_form)  # its labels stay Chinese
        # My Orders lists the produce of each order, not its delivery fee.
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident.partner_id.id), ("state", "=", "draft")]
        )
        carrier = self.env.ref("delivery.free_delivery_carrier")
        carrier.fixed_price = 8.0
        order._set_delivery_method(carrier)
        delivery = order.order_line.filtered("is_delivery")
        self.assertTrue(delivery)
        self.assertEqual(order.order_line._xs_produce_lines().xs_declaration_id, self.decl_a)
        order._xs_shop_hold()
        self._pay_in_shop(order)
        status = self.url_open("/payment/status").text
        self.assertTrue('<li class="breadcrumb-item">支付状态</li>' in status, "status page")
        self.assertTrue("<title>支付状态" in status, "status page title")
        orders = self.url_open("/my/orders").text
        self.assertIn(self.decl_a.product_id.with_context(lang="zh_CN").name, orders)
        self.assertNotIn(delivery.product_id.with_context(lang="zh_CN").name, orders)


@tagged("post_install", "-at_install")
class TestShopInvitation(XsShopCommon, HttpCase):
    """R27: staff arriving through their work unit's invitation link buy with it: the order
    counts under the work unit's channel; an entry's page carries its QR code."""

    def _add(self, entry, qty=1):
        page = self.url_open(f"/shop/produce/{entry.id}").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            f"/shop/produce/{entry.id}/add", data={"csrf_token": token, "add_qty": str(qty)}
        )

    def test_r27_invitation_link_counts_under_the_work_unit(self):
        self.buyer_school.xs_shop_work_unit = True
        self.assertTrue(
            self.buyer_school.xs_shop_invite_url.endswith(f"/shop/with/{self.buyer_school.id}")
        )
        self.assertIn("barcode_type=QR", self.buyer_school.xs_shop_invite_qr_url)
        self.authenticate("xs_resident", "xs_resident")
        self.url_open(f"/shop/with/{self.buyer_school.id}")
        self._add(self.decl_a, 2)
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident.partner_id.id), ("state", "=", "draft")]
        )
        self.assertEqual(order.order_line.xs_declaration_id, self.decl_a)
        self.assertEqual(order.xs_shop_buy_with, "work_unit")
        self.assertEqual(order.xs_shop_work_unit_id, self.buyer_school)
        self.assertEqual(order.xs_action_id, self.action_school)
        order._xs_shop_hold()
        rows = self.env["xs.counted.line"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(set(rows.mapped("action_type")), {"school"})
        # Counted in the work unit's category: the returns' column rules read it.
        self.assertEqual(set(rows.mapped("buyer_category")), {"school"})
        if "xs.return.column" in self.env:
            column_of = self.env["xs.return.column"]._xs_mapper()
            self.assertEqual(
                column_of("platform", "school", "school", False),
                self.env.ref("xs_reporting.xs_return_column_institutions"),
            )

    def test_r27_link_of_a_unit_taking_no_part_changes_nothing(self):
        self.authenticate("xs_resident_2", "xs_resident_2")
        self.url_open(f"/shop/with/{self.buyer_bank.id}")
        self._add(self.decl_b)
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident_2.partner_id.id), ("state", "=", "draft")]
        )
        self.assertFalse(order.xs_shop_work_unit_id)
        self.assertEqual(order.xs_action_id, self.action_ecommerce)

    def test_r27_entry_page_has_its_qr_code(self):
        page = self.url_open(f"/shop/produce/{self.decl_a.id}").text
        src = re.search(r'o_xs_entry_qr">\s*<img[^>]* src="([^"]+)"', page)
        self.assertTrue(src, "the entry's QR code")
        image = self.url_open(src.group(1).replace("&amp;", "&"))
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.headers["Content-Type"], "image/png")
