import base64

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_orders import XsOrdersCommon

PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPortalDelivery(XsOrdersCommon, HttpCase):
    """R28: the cooperative that delivered says so in the portal (Odoo's dropship transfer
    is validated, the rest kept to deliver); the school that received confirms it or
    reports a problem with photos, which opens a quality issue for the county. Nobody else
    can do either."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller_login = new_test_user(
            cls.env, login="xs_dlv_seller", groups="base.group_portal", lang="zh_CN"
        )
        cls.seller_login.partner_id.parent_id = cls.seller_a
        cls.other_seller_login = new_test_user(
            cls.env, login="xs_dlv_seller_b", groups="base.group_portal", lang="zh_CN"
        )
        cls.other_seller_login.partner_id.parent_id = cls.seller_b
        cls.buyer_login = new_test_user(
            cls.env, login="xs_dlv_school", groups="base.group_portal", lang="zh_CN"
        )
        cls.buyer_login.partner_id.parent_id = cls.buyer_school
        cls.order = cls._order(cls.buyer_school, [(cls.decl_a, 100)])
        cls.purchase = cls.order.order_line.purchase_line_ids.order_id
        cls.purchase.button_confirm()
        cls.picking = cls.purchase.picking_ids

    def test_r28_seller_delivers_in_the_portal(self):
        move = self.picking.move_ids
        # Another cooperative cannot.
        self.authenticate("xs_dlv_seller_b", "xs_dlv_seller_b")
        self.url_open(
            f"/my/purchase/{self.purchase.id}/deliver",
            data={
                "picking_id": self.picking.id,
                f"qty_{move.id}": "100",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(self.picking.state, "assigned")
        # More than ordered, or not a number: told, nothing done.
        self.authenticate("xs_dlv_seller", "xs_dlv_seller")
        # Its tile says what the purchase orders are to a cooperative (not "执行命令").
        home = self.url_open("/my").text
        self.assertIn("待交付的采购订单", home)
        self.assertNotIn("执行命令", home)
        for typed in ("150", "NaN", "-3"):
            page = self.url_open(
                f"/my/purchase/{self.purchase.id}/deliver",
                data={
                    "picking_id": self.picking.id,
                    f"qty_{move.id}": typed,
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
            self.assertEqual(page.status_code, 200)
            self.assertIn("xs_delivery_error", page.text, typed)
            self.assertEqual(self.picking.state, "assigned")
        # 60 of 100 with a photo of the delivery note.
        page = self.url_open(
            f"/my/purchase/{self.purchase.id}/deliver",
            data={
                "picking_id": self.picking.id,
                f"qty_{move.id}": "60",
                "csrf_token": http.Request.csrf_token(self),
            },
            files={"photo": ("note.png", PHOTO, "image/png")},
        )
        self.assertIn("xs_delivery_done", page.text)
        self.assertEqual(self.picking.state, "done")
        self.assertEqual(self.order.order_line.qty_delivered, 60)
        backorder = self.purchase.picking_ids - self.picking
        self.assertEqual(backorder.move_ids.product_uom_qty, 40)
        self.assertTrue(
            self.env["ir.attachment"].search(
                [("res_model", "=", "stock.picking"), ("res_id", "=", self.picking.id)]
            )
        )
        # Counted on the 'delivered' basis at once.
        self.campaign.count_basis = "delivered"
        counted = self.env["xs.counted.line"]._xs_amounts_by(
            [("sale_order_id", "=", self.order.id)], "sale_order_id"
        )
        self.assertEqual(counted[self.order.id]["counted"], 150.0)

    def test_r28_seller_delivers_on_a_phone_tour(self):
        self.start_tour(
            f"/my/purchase/{self.purchase.id}",
            "xs_portal_seller_delivers_tour",
            login="xs_dlv_seller",
        )
        self.assertEqual(self.order.order_line.qty_delivered, 60)

    def test_r28_buyer_confirms_or_reports(self):
        self.picking.move_ids.quantity = 100
        self.picking.button_validate()
        self.authenticate("xs_dlv_school", "xs_dlv_school")
        url = f"/my/orders/{self.order.id}"
        page = self.url_open(
            f"{url}/problem",
            data={
                "kind": "short",
                "description": "少了 10 公斤",
                "csrf_token": http.Request.csrf_token(self),
            },
            files=[
                ("photos", ("a.png", PHOTO, "image/png")),
                ("photos", ("b.png", PHOTO, "image/png")),
            ],
        )
        self.assertEqual(page.status_code, 200)
        issue = self.env["xs.quality.issue"].search([("declaration_id", "=", self.decl_a.id)])
        self.assertEqual(len(issue), 1)
        self.assertEqual(issue.issue_type, "complaint")
        self.assertIn("少了 10 公斤", issue.description)
        self.assertEqual(
            len(
                self.env["ir.attachment"].search(
                    [("res_model", "=", "xs.quality.issue"), ("res_id", "=", issue.id)]
                )
            ),
            2,
        )
        self.assertEqual(self.order.xs_receipt_state, "problem")
        # County staff are told.
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", "xs.quality.issue"),
                    ("res_id", "=", issue.id),
                    ("partner_ids", "in", self.user_county.partner_id.ids),
                ]
            )
        )
        # Nobody writes the receipt by hand, and another buyer cannot report on this order.
        with self.assertRaises(UserError):
            self.order.with_user(self.user_county).write({"xs_receipt_state": "received"})
        other = new_test_user(self.env, login="xs_dlv_other", groups="base.group_portal")
        other.partner_id.parent_id = self.buyer_school_2
        with self.assertRaises(AccessError):
            self.order.with_user(other)._xs_portal_confirm_receipt()

    def test_r28_buyer_confirms_receipt(self):
        self.picking.move_ids.quantity = 100
        self.picking.button_validate()
        self.authenticate("xs_dlv_school", "xs_dlv_school")
        page = self.url_open(
            f"/my/orders/{self.order.id}/received",
            data={"csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("xs_receipt_done", page.text)
        self.assertEqual(self.order.xs_receipt_state, "received")

    def test_r28_buyer_reports_on_a_phone_tour(self):
        self.picking.move_ids.quantity = 100
        self.picking.button_validate()
        self.start_tour(
            f"/my/orders/{self.order.id}", "xs_portal_buyer_reports_tour", login="xs_dlv_school"
        )
        self.assertEqual(self.order.xs_receipt_state, "problem")
