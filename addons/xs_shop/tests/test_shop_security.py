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
