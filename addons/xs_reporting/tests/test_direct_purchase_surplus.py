import base64

from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestDirectPurchaseSurplus(XsOrdersCommon):
    """R13: the campaign's share of surplus sold (and the households reached) counts the
    verified off-platform purchases of catalogue entries, for the county and for the
    township's own figures, read from the declarations' one sold amount."""

    def _purchase(self, declaration, quantity, amount):
        return self.env["xs.direct.purchase"].create(
            {
                "campaign_id": self.campaign.id,
                "buyer_id": self.buyer_school.id,
                "seller_id": declaration.seller_id.id,
                "declaration_id": declaration.id,
                "quantity": quantity,
                "amount": amount,
                "evidence": base64.b64encode(b"%PDF-1.4 receipt"),
            }
        )

    def _campaign(self, user):
        campaign = self.campaign.with_user(user)
        campaign.invalidate_recordset()
        return campaign

    def test_r13_share_of_surplus_sold_includes_verified_purchases(self):
        # Declared: A 1,000 kg at 2.5 (2,500) and B 500 kg at 2.0 (1,000).
        self._order(self.buyer_school, [(self.decl_a, 100)])  # 250
        purchase = self._purchase(self.decl_b, 40, 80.0)
        campaign = self._campaign(self.user_county)
        self.assertEqual(campaign.xs_surplus_value, 3500.0)
        self.assertEqual(campaign.xs_surplus_sold_value, 250.0)
        households = campaign.xs_households_reached
        self.assertEqual(self._campaign(self.user_township_b).xs_scope_surplus_sold_rate, 0.0)
        purchase.with_user(self.user_county).action_verify()
        campaign = self._campaign(self.user_county)
        self.assertEqual(campaign.xs_surplus_sold_value, 330.0)
        self.assertAlmostEqual(campaign.xs_surplus_sold_rate, 100.0 * 330 / 3500)
        # B's households are reached now that its produce sold, off the platform.
        self.assertEqual(campaign.xs_households_reached, households + self.decl_b.household_count)
        # Township B's own share: 80 of its 1,000 declared.
        self.assertAlmostEqual(self._campaign(self.user_township_b).xs_scope_surplus_sold_rate, 8.0)
        # The progress (counted lines) and the surplus sold agree on the catalogue sales.
        self.assertEqual(campaign.xs_amount_catalogue, 330.0)
