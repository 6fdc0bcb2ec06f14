from odoo.tests import HttpCase, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestTownshipSummaryUi(XsOrdersCommon, HttpCase):
    """R29 in the browser: township A's staff write and file its summary; the county's
    tracker shows A filed and B still to file."""

    def test_r29_township_files_its_summary_tour(self):
        self._order(self.buyer_school, [(self.decl_a, 400)])  # 1,000.00 for township A
        summary_phase = self.campaign.phase_ids.filtered(lambda p: p.phase_type == "summary")
        summary_phase.override = "open"
        self.campaign.with_user(self.user_county).action_xs_township_summaries()
        self.start_tour(
            "/odoo/action-xs_reporting.xs_township_summary_action",
            "xs_township_summary_file_tour",
            login="xs_township_a",
        )
        summary = self.env["xs.township.summary"].search(
            [("campaign_id", "=", self.campaign.id), ("township_id", "=", self.township_a.id)]
        )
        self.assertEqual(summary.state, "filed")
        self.assertIn("学校食堂", summary.account)
        self.start_tour(
            "/odoo/action-xs_reporting.xs_township_summary_action",
            "xs_township_summary_tracker_tour",
            login="xs_county",
        )
