from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestTownshipSummary(XsOrdersCommon):
    """R29: in the summary phase each township files its summary (its figures from the
    summary return, a written account, its typical cases); the county follows who filed
    and who is late; a filed summary is kept as filed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.buyer_school, [(cls.decl_a, 400)])  # 1,000.00 for township A
        cls._order(cls.buyer_school, [(cls.decl_b, 100)])  # 200.00 for township B
        cls.summary_phase = cls.campaign.phase_ids.filtered(lambda p: p.phase_type == "summary")
        cls.in_summary_phase = cls.summary_phase.date_start + relativedelta(days=1)

    def _summaries(self):
        return self.env["xs.township.summary"].search([("campaign_id", "=", self.campaign.id)])

    def test_r29_township_files_its_summary_and_the_county_tracks_it(self):
        # County staff open the tracker: every township has a summary to file.
        action = self.campaign.with_user(self.user_county).action_xs_township_summaries()
        summaries = self._summaries()
        self.assertEqual(summaries.township_id, self.env["xs.township"].search([]))
        self.assertEqual(action["res_model"], "xs.township.summary")
        self.campaign.with_user(self.user_county).action_xs_township_summaries()
        self.assertEqual(self._summaries(), summaries, "prepared once")
        mine = summaries.filtered(lambda s: s.township_id == self.township_a)
        # The township sees its own only, with its figures computed, not typed.
        as_township = self.env["xs.township.summary"].with_user(self.user_township_a)
        self.assertEqual(as_township.search([("campaign_id", "=", self.campaign.id)]), mine)
        mine = mine.with_user(self.user_township_a)
        self.assertEqual(mine.amount_counted, 1000.0)
        self.assertEqual(mine.amount_unsold, 1000.0)
        with self.assertRaises(AccessError):
            summaries.filtered(lambda s: s.township_id == self.township_b).with_user(
                self.user_township_a
            ).read(["amount_counted"])
        # Filed only in the summary phase, with a written account.
        mine.account = "<p>秀山隘口镇：学校食堂采购白菜，带动脱贫户增收。</p>"
        with self.assertRaisesText(UserError, "summary phase"):
            mine.action_file()
        mine = mine.with_context(xs_today=self.in_summary_phase)
        mine.account = "<p></p>"
        with self.assertRaisesText(UserError, "account"):
            mine.action_file()
        mine.account = "<p>学校食堂采购白菜，带动脱贫户增收。</p>"
        mine.action_file()
        self.assertEqual(mine.state, "filed")
        self.assertTrue(mine.attachment_id.raw.startswith(b"PK"))
        self.assertEqual(mine.figures["rows"][0]["amount"], 1000.0)
        # Kept as filed: later sales do not change it, nor can it be edited or deleted.
        self._order(self.buyer_school_2, [(self.decl_a, 40)])
        mine.invalidate_recordset()
        self.assertEqual(mine.amount_counted, 1000.0)
        with self.assertRaisesText(UserError, "kept as filed"):
            mine.account = "<p>改写</p>"
        with self.assertRaises(UserError):
            mine.write({"state": "draft"})
        with self.assertRaises(UserError):
            mine.sudo().unlink()
        # The tracker: township B has not filed; late once the summary phase has ended.
        other = summaries.filtered(lambda s: s.township_id == self.township_b)
        after = self.summary_phase.date_end + relativedelta(days=1)
        Summary = self.env["xs.township.summary"].with_context(xs_today=after)
        late = Summary.search([("campaign_id", "=", self.campaign.id), ("is_late", "=", True)])
        self.assertIn(other, late)
        self.assertNotIn(mine, late)
        self.assertTrue(other.with_context(xs_today=after).is_late)
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.xs_summary_filed_count, 1)

    def test_r29_only_the_township_files_its_summary(self):
        self.env["xs.township.summary"]._xs_prepare(self.campaign)
        theirs = self._summaries().filtered(lambda s: s.township_id == self.township_b)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_township_a).with_context(
                xs_today=self.in_summary_phase
            ).action_file()
        with self.assertRaises(AccessError):
            self.env["xs.township.summary"].with_user(self.user_township_a)._xs_prepare(
                self.campaign
            )
        # Figures are never typed.
        with self.assertRaises(UserError):
            theirs.with_user(self.user_county).write({"figures": {"rows": []}})

    def test_r28_townships_reminded_to_file_their_summary(self):
        self.summary_phase.write(
            {
                "date_start": self.today - relativedelta(days=1),
                "date_end": self.today + relativedelta(days=3),
            }
        )
        self.user_township_a.lang = "zh_CN"
        reminded = self.env["xs.township.summary"]._cron_xs_summary_deadline()
        self.assertEqual(reminded.township_id, self.env["xs.township"].search([]))
        mine = reminded.filtered(lambda s: s.township_id == self.township_a)
        message = self.env["mail.message"].search(
            [
                ("model", "=", mine._name),
                ("res_id", "=", mine.id),
                ("partner_ids", "in", self.user_township_a.partner_id.ids),
            ]
        )
        self.assertEqual(len(message), 1)
        self.assertIn("总结", message.subject)
