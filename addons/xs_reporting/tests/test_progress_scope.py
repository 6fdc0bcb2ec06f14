from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestProgressScope(XsOrdersCommon):
    """R13: each figure of the campaign's progress says what it covers: the county's
    target against the county's sales for every role; a township user's own townships
    beside them, measured against their own declared surplus."""

    def test_r13_township_sees_county_figures_and_its_own(self):
        self._order(self.buyer_school, [(self.decl_a, 100), (self.decl_b, 50)])
        self.env.flush_all()
        county = self.campaign.with_user(self.user_county)
        township = self.campaign.with_user(self.user_township_a)
        for campaign in (county, township):
            self.assertAlmostEqual(campaign.xs_amount_counted, 350.0, msg="whole county")
            self.assertAlmostEqual(campaign.xs_surplus_value, 3500.0, msg="whole county")
            self.assertAlmostEqual(campaign.xs_surplus_sold_value, 350.0)
            self.assertAlmostEqual(campaign.xs_progress, 100.0 * 350 / campaign.target_amount)
        self.assertFalse(county.xs_scope_label, "county staff have no narrower scope")
        self.assertEqual(township.xs_scope_label, "Test Town A")
        self.assertAlmostEqual(township.xs_scope_amount_counted, 250.0)
        self.assertAlmostEqual(township.xs_scope_surplus_value, 2500.0)
        self.assertAlmostEqual(township.xs_scope_surplus_sold_rate, 10.0)
