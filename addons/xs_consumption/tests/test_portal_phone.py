import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common_orders import XsOrdersCommon

# R8, R20: what portal users never read of a catalogue entry or declaration (groups=).
PORTAL_HIDDEN = [
    "channel_partner_ids",
    "reject_reason",
    "note",
    "household_count",
    "poverty_household_count",
    "monitored_household_count",
]


@tagged("post_install", "-at_install")
class TestPortalPhone(XsOrdersCommon, HttpCase):
    """R10, R11, R20: what a cooperative and a buyer organisation meet in the portal on a
    phone (390x844): the seller's purchase orders with what to ship where, the buyer's
    orders with their status and produce, the statement from /my, tables that fit; and
    what neither reads over JSON-RPC."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "zh_CN"), ("active", "=", True)]):
            Lang._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["xs_consumption", "xs_reporting"], ["zh_CN"], overwrite=True
        )
        portal = cls.env.ref("base.group_portal")
        # The produce has no picture, as the county's has none.
        cls.product_cabbage.write({"name": "Phone Cabbage", "image_1920": False})
        cls.buyer_school.write(
            {"name": "Phone High School", "street": "Zhonghe Street 1", "city": "Xiushan"}
        )
        buyer_contact = cls.env["res.partner"].create(
            {
                "name": "Canteen Liu",
                "parent_id": cls.buyer_school.id,
                "phone": "+86 138 0000 1234",
                "email": "liu@example.com",
            }
        )
        seller_contact = cls.env["res.partner"].create(
            {"name": "Coop Yang", "parent_id": cls.seller_a.id, "email": "yang@example.com"}
        )
        cls.user_phone_buyer, cls.user_phone_seller = cls.env["res.users"].create(
            [
                {
                    "name": partner.name,
                    "login": login,
                    "password": login,
                    "partner_id": partner.id,
                    "lang": "zh_CN",
                    "groups_id": [Command.set(portal.ids)],
                }
                for partner, login in (
                    (buyer_contact, "xs_phone_buyer"),
                    (seller_contact, "xs_phone_seller"),
                )
            ]
        )
        commitment = cls.env["xs.buyer.commitment"].create(
            {
                "campaign_id": cls.campaign.id,
                "action_id": cls.action_school.id,
                "buyer_id": cls.buyer_school.id,
                "amount_committed": 600,
                "date_end": cls.phase_implementation.date_end,
            }
        )
        commitment.action_confirm()
        cls.order = cls._order(buyer_contact, [(cls.decl_a, 100)])
        cls.purchase = cls.order.order_line.purchase_line_ids.order_id
        cls.purchase.button_confirm()
        # Reserved for one buyer and sent back once: what no portal user reads.
        cls.decl_a.channel_partner_ids = cls.buyer_school | cls.buyer_school_2
        radish = cls.env["product.product"].create({"name": "Phone Radish", "type": "consu"})
        cls.decl_draft = cls._create_declaration(product_id=radish.id)
        cls.decl_draft.action_submit()
        cls.decl_draft.with_user(cls.user_county)._reject("Wrong price")

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_r10_seller_opens_its_purchase_order_on_a_phone(self):
        self.assertFalse(self.purchase.order_line.product_id.image_128)
        self.authenticate("xs_phone_seller", "xs_phone_seller")
        # Core's page prints each line's product image: without one it answered HTTP 500.
        response = self.url_open(self.purchase.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("data:image/png;base64,", response.text)
        self.start_tour("/my", "xs_portal_seller_po_tour", login="xs_phone_seller")

    def test_r11_buyer_follows_its_orders_and_statement_on_a_phone(self):
        self._deliver(self.order)
        self.authenticate("xs_phone_buyer", "xs_phone_buyer")
        response = self.url_open(self.order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.env["xs.direct.purchase"].with_user(self.user_phone_buyer)._xs_portal_record(
            {
                "declaration_id": self.decl_a.id,
                "quantity": 10,
                "amount": 25,
                "evidence": base64.b64encode(b"receipt"),
                "evidence_filename": "receipt.txt",
            }
        )
        self.start_tour("/my", "xs_portal_buyer_orders_tour", login="xs_phone_buyer")
        statement = self.url_open("/my/statement")
        self.assertEqual(statement.status_code, 200)
        self.assertEqual(statement.content[:2], b"PK", "an Excel workbook")

    def test_r11_order_status(self):
        """The buyer's status of an order: awaiting, delivered, paid, cancelled."""
        status = self.order._xs_portal_status
        self.assertEqual(status()[self.order.id][0], "to_deliver")
        self._deliver(self.order)
        self.assertEqual(status()[self.order.id][0], "delivered")
        invoice = self._invoice_customer(self.order)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(status()[self.order.id][0], "paid")
        other = self._order(self.buyer_school, [(self.decl_b, 5)], confirm=False)
        self.assertEqual(other._xs_portal_status()[other.id][0], "quotation")
        other._action_cancel()
        self.assertEqual(other._xs_portal_status()[other.id][0], "cancelled")

    def test_r20_portal_users_read_no_reservation_reason_nor_note(self):
        """Over JSON-RPC as the portal buyer and the portal seller (ORM and HTTP)."""
        for user, declaration in (
            (self.user_phone_buyer, self.decl_a),
            (self.user_phone_seller, self.decl_a | self.decl_draft),
        ):
            for fname in PORTAL_HIDDEN:
                with self.assertRaises(AccessError, msg=f"{user.login}: {fname}"):
                    declaration.with_user(user).read([fname])
            rows = declaration.with_user(user).read()
            self.assertEqual(len(rows), len(declaration))
            self.assertFalse(set(PORTAL_HIDDEN) & set(rows[0]))
        for login, declaration in (
            ("xs_phone_buyer", self.decl_a),
            ("xs_phone_seller", self.decl_draft),
        ):
            self.authenticate(login, login)
            described = self._rpc("xs.surplus.declaration", "fields_get", attributes=["string"])
            self.assertFalse(set(PORTAL_HIDDEN) & set(described), login)
            rows = self._rpc("xs.surplus.declaration", "search_read", [("id", "=", declaration.id)])
            self.assertEqual(len(rows), 1, f"{login} reads the entry itself")
            self.assertFalse(set(PORTAL_HIDDEN) & set(rows[0]), login)
            for fname in PORTAL_HIDDEN:
                with self.assertRaises(JsonRpcException, msg=f"{login}: {fname}") as error:
                    self._rpc("xs.surplus.declaration", "read", [declaration.id], [fname])
                self.assertEqual(str(error.exception), "odoo.exceptions.AccessError")
        # The seller still reads why its own declaration was sent back, in its portal page.
        self.authenticate("xs_phone_seller", "xs_phone_seller")
        self.assertIn("Wrong price", self.url_open("/my/declarations").text)
