from odoo.tests import Form, HttpCase, tagged

from ..report.xlsx_common import ReturnOptions


@tagged("post_install", "-at_install")
class TestDemoFiguresAgree(HttpCase):
    """R5, R16: on the demo database the statistics return for the campaign so far and
    the dashboard give the same surplus value (the demo's verified declarations lacked
    their verified date, so the return counted only one of them)."""

    def test_r5_demo_statistics_return_agrees_with_dashboard(self):
        campaign = self.env.ref("xs_consumption.campaign_current_demo")
        county = self.env.ref("xs_consumption.user_county_demo")
        verified = campaign.declaration_ids.filtered("xs_is_verified")
        self.assertTrue(verified)
        for declaration in verified:
            self.assertTrue(declaration.verified_date, declaration.name)
            self.assertTrue(declaration.verified_by_id, declaration.name)
            self.assertTrue(declaration.submitted_date, declaration.name)
        # The period the return wizard proposes: from the campaign's start to today.
        wizard = Form(
            self.env["xs.return.wizard"]
            .with_user(county)
            .with_context(active_model="xs.campaign", active_id=campaign.id)
        )
        wizard.kind = "statistics"
        data = wizard.save()._xs_data()
        report = self.env["report.xs_reporting.surplus_statistics_xlsx"].with_user(county)
        options = ReturnOptions(report.env, campaign.with_user(county), data)
        self.env.cr.execute(report._xs_query(campaign, options, True))
        return_value = sum(row[7] for row in self.env.cr.fetchall())
        dashboard = campaign.with_user(county)
        self.assertAlmostEqual(return_value, dashboard.xs_surplus_value)
        self.assertAlmostEqual(return_value, sum(verified.mapped("amount_total")))
