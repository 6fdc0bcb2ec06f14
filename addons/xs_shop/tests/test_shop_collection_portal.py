import re

from odoo.tests import HttpCase, JsonRpcException, tagged

from .common_collection import XsCollectionCommon

ACCESS_ERROR = "odoo.exceptions.AccessError"


@tagged("post_install", "-at_install")
class TestShopCollectionPortal(XsCollectionCommon, HttpCase):
    """R27: a work unit's portal login sees its own staff's orders to hand out and hands
    them out; another work unit or a resident reads none of them, over HTTP or JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo = cls.env.ref("payment.payment_provider_demo")
        demo.state = "test"
        cls.order_school = cls._collect_cart(cls.user_resident, cls.buyer_school, [(cls.decl_a, 2)])
        cls._pay_with(cls.order_school, demo)
        cls.order_primary = cls._collect_cart(
            cls.user_resident_2, cls.buyer_school_2, [(cls.decl_b, 1)]
        )
        cls._pay_with(cls.order_primary, demo)

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertRefused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._rpc(model, method, *args, **kwargs)
        self.assertEqual(str(caught.exception), ACCESS_ERROR)

    def test_r27_work_unit_reads_only_its_staffs_orders(self):
        self.authenticate("xs_canteen", "xs_canteen")
        found = self._rpc("sale.order", "search_read", [], fields=["id", "partner_id"])
        self.assertEqual([r["id"] for r in found], [self.order_school.id])
        lines = self._rpc("sale.order.line", "search_read", [], fields=["order_id"])
        self.assertEqual({r["order_id"][0] for r in lines}, {self.order_school.id})
        self.assertRefused("sale.order", "read", [self.order_primary.id], ["name"])
        self.assertRefused("sale.order", "write", [self.order_school.id], {"note": "x"})
        # Another work unit, a resident: none of the high school's staff's orders.
        for login in ("xs_primary", "xs_resident_2"):
            self.authenticate(login, login)
            self.assertRefused("sale.order", "read", [self.order_school.id], ["name"])
            self.assertRefused(
                "sale.order.line", "read", self.order_school.order_line.ids, ["name"]
            )
            self.assertRefused("sale.order", "action_xs_hand_out", [self.order_school.id])
        self.assertFalse(self.order_school.xs_handed_out_date)
        # Nor does the person record it for themselves.
        self.authenticate("xs_resident", "xs_resident")
        self.assertRefused("sale.order", "action_xs_hand_out", [self.order_school.id])
        self.assertRefused("sale.order", "action_xs_transfer_received", [self.order_school.id])

    def test_r27_hand_out_page_lists_the_work_units_orders(self):
        self.authenticate("xs_canteen", "xs_canteen")
        self.assertIn('/my/collection"', self.url_open("/my").text)
        self.assertEqual(
            self.make_jsonrpc_request("/my/counters", {"counters": ["xs_collection_count"]}),
            {"xs_collection_count": 1},
        )
        page = self.url_open("/my/collection").text
        for shown in ("Resident Zhou", "13900000001", "Test Cabbage", self.order_school.name):
            self.assertIn(shown, page)
        self.assertNotIn(self.order_primary.name, page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        # Another work unit's order: refused, said on the page, nothing changed.
        response = self.url_open(
            f"/my/collection/{self.order_primary.id}/hand_out", data={"csrf_token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Only the work unit hands out its staff", response.text)
        self.assertFalse(self.order_primary.xs_handed_out_date)
        response = self.url_open(
            f"/my/collection/{self.order_school.id}/hand_out", data={"csrf_token": token}
        )
        self.assertIn("o_xs_collection_done", response.text)
        self.assertTrue(self.order_school.xs_handed_out_date)
        self.assertNotIn(self.order_school.name, self.url_open("/my/collection").text)
        self.assertIn(self.order_school.name, self.url_open("/my/collection?show=handed_out").text)
        # A resident has no such page.
        self.authenticate("xs_resident_2", "xs_resident_2")
        self.assertTrue(self.url_open("/my/collection").url.endswith("/my"))

    def test_r27_hand_out_page_speaks_chinese(self):
        self.user_canteen.lang = "zh_CN"
        self.authenticate("xs_canteen", "xs_canteen")
        page = self.url_open("/my/collection").text
        for term in ("待发放的职工订单", "已付款", "已发放", "全部自提日"):
            self.assertIn(term, page)
        # The person reads where and when to collect in My Orders.
        self.user_resident.lang = "zh_CN"
        self.authenticate("xs_resident", "xs_resident")
        page = self.url_open(f"/my/orders/{self.order_school.id}").text
        for term in ("自提点：", "自提日：", "High School Gate", "星期五"):
            self.assertIn(term, page)


@tagged("post_install", "-at_install")
class TestShopCollectionUi(XsCollectionCommon, HttpCase):
    """R27 in Chromium at phone width: a staff member collects at the work unit (the
    checkout says where and when) and pays on collection; the work unit hands it out."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["payment.provider"].search([]).write({"state": "disabled"})
        for xmlid in (
            "xs_shop.payment_provider_bank_transfer",
            "xs_shop.payment_provider_on_collection",
        ):
            cls._provider(xmlid)
        cls.env["delivery.carrier"].search([]).is_published = False
        (cls.carrier_unit | cls.carrier_home).write({"is_published": True, "website_id": False})
        cls.env["sale.order"].search(
            [("partner_id", "=", cls.user_resident.partner_id.id)]
        ).order_line.unlink()
        # The tours read the English labels (core's checkout steps among them).
        cls.website.default_lang_id = cls.env.ref("base.lang_en")

    def test_r27_staff_collects_at_the_work_unit_on_a_phone(self):
        self.start_tour(
            f"/shop/produce/{self.decl_a.id}", "xs_shop_collect_tour", login="xs_resident"
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.user_resident.partner_id.id), ("state", "=", "sale")]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.carrier_id, self.carrier_unit)
        self.assertEqual(order.partner_shipping_id, self.school_gate)
        self.assertEqual(order.xs_shop_payment_state, "on_collection")
        self.assertEqual(order.xs_collection_date.weekday(), 4)
        self.assertTrue(order.xs_purchase_pending, "pay on collection: the sellers' orders")

    def test_r27_work_unit_hands_out_on_a_phone(self):
        demo = self.env.ref("payment.payment_provider_demo")
        demo.state = "test"
        order = self._collect_cart(self.user_resident, self.buyer_school, [(self.decl_a, 2)])
        self._pay_with(order, demo)
        self.start_tour("/my", "xs_shop_hand_out_tour", login="xs_canteen")
        self.assertEqual(order.xs_handed_out_by_id, self.user_canteen)
