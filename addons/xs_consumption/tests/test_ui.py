from odoo.tests import HttpCase, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestUi(XsCommon, HttpCase):
    """R4 end to end in the browser: a township submits, the county verifies."""

    def test_r4_declaration_tours(self):
        seller = self.env["res.partner"].create(
            {"name": "Tour Cooperative", "is_company": True, "xs_seller_type": "cooperative"}
        )
        product = self.env["product.product"].create({"name": "Tour Cabbage", "type": "consu"})
        self.start_tour("/odoo/action-xs_consumption.xs_surplus_declaration_action", "xs_declaration_submit_tour", login="xs_township_a")
        declaration = self.env["xs.surplus.declaration"].search([("product_id", "=", product.id)])
        self.assertEqual(len(declaration), 1)
        self.assertRecordValues(
            declaration,
            [
                {
                    "state": "submitted",
                    "township_id": self.township_a.id,
                    "seller_id": seller.id,
                    "campaign_id": self.campaign.id,
                    "quantity": 1500,
                    "amount_total": 3750,
                    "poverty_household_count": 25,
                    "contact_phone": "+86 138 0013 8000",
                }
            ],
        )
        self.start_tour("/odoo/action-xs_consumption.xs_surplus_declaration_action", "xs_declaration_verify_tour", login="xs_county")
        self.assertEqual(declaration.state, "verified")
        self.assertEqual(declaration.verified_by_id, self.user_county)
