from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon
from odoo.addons.xs_consumption.tests.common_pdf import closed_report_url, pdf_words


@tagged("post_install", "-at_install")
class TestProgressBulletin(XsOrdersCommon):
    """R29: the county's progress bulletin for a joint meeting, as a PDF in Chinese: the
    counted figures by action against targets, by channel and by township against their
    declared surplus, each equal to the counted lines'."""

    def _bulletin(self, user):
        report = self.env.ref("xs_reporting.xs_campaign_report_bulletin")
        with closed_report_url(self.env):
            pdf, _kind = (
                self.env(user=user)["ir.actions.report"]
                .with_context(lang="zh_CN", force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, self.campaign.ids)
            )
        return pdf_words(pdf)

    def test_r29_bulletin_figures_are_the_counted_lines(self):
        self._order(self.buyer_school, [(self.decl_a, 400)])  # 1,000.00, town A
        self._order(self.buyer_school_2, [(self.decl_b, 100)])  # 200.00, town B
        values = self.env["report.xs_reporting.report_xs_campaign_bulletin"]._xs_bulletin(
            self.campaign
        )
        counted = self.env["xs.counted.line"]._xs_amounts_by(
            [("campaign_id", "=", self.campaign.id)], "action_id"
        )
        by_action = {row["name"]: row for row in values["actions"]}
        self.assertEqual(by_action[self.action_school.name]["counted"], 1200.0)
        self.assertEqual(
            by_action[self.action_school.name]["counted"],
            counted[self.action_school.id]["counted"],
        )
        self.assertAlmostEqual(by_action[self.action_school.name]["rate"], 1.2)  # of 100,000
        self.assertEqual(by_action[self.action_finance.name]["counted"], 0.0)
        by_town = {row["name"]: row for row in values["townships"]}
        self.assertEqual(by_town[self.township_a.name]["surplus"], 2500.0)
        self.assertAlmostEqual(by_town[self.township_a.name]["rate"], 40.0)
        self.assertAlmostEqual(by_town[self.township_b.name]["rate"], 20.0)
        self.assertEqual(sum(row["counted"] for row in values["channels"]), 1200.0)
        self.assertEqual(values["counted"], 1200.0)

        text = self._bulletin(self.user_county)
        for words in (
            "消费帮扶助农增收集中行动工作进展通报",
            "各专项行动完成情况",
            "各渠道",
            "2,500.00",
            "1,200.00",
            "40.0%",
            self.township_a.name.replace(" ", ""),
        ):
            self.assertIn(words, text)

    def test_r29_bulletin_is_for_the_joint_meeting_s_members(self):
        """Lead departments, finance and county staff print it; a township user or any
        other internal user is refused (the report's data are the whole county's)."""
        self.assertIn("工作进展通报", self._bulletin(self.user_finance))
        self.assertIn("工作进展通报", self._bulletin(self.user_lead))
        for user in (self.user_plain, self.user_township_a):
            with self.assertRaises(AccessError):
                self._bulletin(user)
