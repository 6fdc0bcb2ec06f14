from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestDirectPurchasePortal(XsOrdersCommon, HttpCase):
    """A buyer records in the portal what its canteen bought straight from a cooperative,
    with the receipt; it waits for the county and counts only once verified."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_school = new_test_user(
            cls.env, login="xs_dp_school", groups="base.group_portal", lang="en_US"
        )
        cls.portal_school.partner_id.parent_id = cls.buyer_school

    def _post(self, **fields):
        return self.url_open(
            "/my/purchases/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "declaration_id": str(self.decl_a.id),
                "date": str(self.today),
                "quantity": "40",
                "amount": "100",
                **fields,
            },
            files={"evidence": ("receipt.jpg", b"\xff\xd8\xff receipt", "image/jpeg")},
        )

    def test_portal_buyer_records_off_platform_purchase(self):
        self.authenticate("xs_dp_school", "xs_dp_school")
        page = self.url_open("/my/purchases")
        self.assertEqual(page.status_code, 200)
        self.assertIn("xs_direct_purchase_form", page.text)
        self.assertIn("Test Cabbage", page.text)
        response = self._post()
        self.assertEqual(response.status_code, 200)
        purchase = self.env["xs.direct.purchase"].search([("buyer_id", "=", self.buyer_school.id)])
        self.assertRecordValues(
            purchase,
            [
                {
                    "state": "submitted",
                    "seller_id": self.seller_a.id,
                    "declaration_id": self.decl_a.id,
                    "township_id": self.township_a.id,
                    "action_id": self.action_school.id,
                    "quantity": 40.0,
                    "amount": 100.0,
                    "evidence_filename": "receipt.jpg",
                }
            ],
        )
        self.assertTrue(purchase.evidence)
        self.assertIn(purchase.name, self.url_open("/my/purchases").text)
        # Not counted until the county verifies it.
        Counted = self.env["xs.counted.line"]
        self.assertFalse(Counted.search([("direct_purchase_id", "=", purchase.id)]))
        purchase.with_user(self.user_county).action_verify()
        self.assertEqual(
            Counted.search([("direct_purchase_id", "=", purchase.id)]).amount_counted, 100.0
        )

    def test_portal_refusals_create_nothing(self):
        self.authenticate("xs_dp_school", "xs_dp_school")
        negative = self._post(amount="-5")
        self.assertIn("xs_direct_purchase_error", negative.text)
        # An entry not published to the buyer (the bank's channel) is not in its catalogue.
        self.decl_b.channel_action_ids = self.action_finance
        other = self._post(declaration_id=str(self.decl_b.id))
        self.assertIn("not in your catalogue", other.text)
        # R10: more than the entry has left is refused at once, naming what is left.
        remaining = self.decl_a.qty_remaining
        too_much = self._post(quantity=str(remaining + 1))
        self.assertIn("xs_direct_purchase_error", too_much.text)
        self.assertIn(f"Only {round(remaining, 3)} ", too_much.text)
        self.assertIn("without a catalogue entry", too_much.text)
        self.assertFalse(
            self.env["xs.direct.purchase"].search([("buyer_id", "=", self.buyer_school.id)])
        )
