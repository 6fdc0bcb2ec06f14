from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestCampaign(XsCommon):
    def test_r1_current_phase_by_date(self):
        # Preparation and implementation overlap today: the later one is current.
        self.assertTrue(self.campaign.preparation_open)
        self.assertTrue(self.campaign.implementation_open)
        self.assertEqual(self.campaign.current_phase_id, self.phase_implementation)
        later = self.campaign.with_context(xs_today=self.today + relativedelta(days=85))
        self.assertEqual(later.current_phase_id.phase_type, "summary")
        self.assertFalse(later.preparation_open)
        summary = self.campaign.phase_ids.filtered(lambda p: p.phase_type == "summary")
        self.assertEqual(summary.status, "upcoming")

    def test_r1_close_early_and_reopen(self):
        self.phase_preparation.with_user(self.user_county).action_close()
        self.assertFalse(self.campaign.preparation_open)
        self.assertEqual(self.phase_preparation.status, "closed")
        # Reopened after its end date: open whatever the dates say.
        self.phase_preparation.date_end = self.today - relativedelta(days=1)
        self.phase_preparation.with_user(self.user_county).action_reopen()
        self.assertTrue(self.campaign.preparation_open)
        self.phase_preparation.action_follow_dates()
        self.assertFalse(self.campaign.preparation_open)
        Phase = self.env["xs.campaign.phase"]
        self.assertIn(self.phase_implementation, Phase.search([("is_open", "=", True)]))
        self.assertIn(self.phase_preparation, Phase.search([("is_open", "=", False)]))

    def test_r1_phase_closes_at_county_midnight(self):
        # 16:30 UTC is already tomorrow 00:30 in Xiushan: a phase ending "today" by the
        # server's or a European user's clock is over on the county calendar.
        self.user_county.tz = "Europe/Brussels"
        self.phase_preparation.write(
            {"date_start": date(2026, 11, 1), "date_end": date(2026, 11, 28)}
        )
        phase = self.phase_preparation.with_user(self.user_county)
        with freeze_time("2026-11-28 15:59:00"):
            phase.invalidate_recordset(["is_open"])
            self.assertTrue(phase.is_open)
        with freeze_time("2026-11-28 16:30:00"):
            phase.invalidate_recordset(["is_open"])
            self.assertFalse(phase.is_open)
            self.assertNotIn(phase, phase.search([("is_open", "=", True)]))

    def test_r1_copy_is_next_season(self):
        self.phase_preparation.action_close()
        copy = self.campaign.copy()
        year = relativedelta(years=1)
        self.assertEqual(copy.date_start, self.campaign.date_start + year)
        self.assertEqual(len(copy.phase_ids), 3)
        self.assertEqual(
            sorted(copy.phase_ids.mapped("date_start")),
            sorted(d + year for d in self.campaign.phase_ids.mapped("date_start")),
        )
        self.assertEqual(set(copy.phase_ids.mapped("override")), {"dates"})
        self.assertEqual(
            copy.action_ids.mapped("action_type"), self.campaign.action_ids.mapped("action_type")
        )
        self.assertEqual(copy.action_ids[0].lead_department_ids, self.dept)
        self.assertEqual(copy.target_amount, 150000)

    def test_r1_dates_checked(self):
        with self.assertRaises(ValidationError):
            self.campaign.date_end = self.campaign.date_start - relativedelta(days=1)
        with self.assertRaises(ValidationError):
            self.phase_preparation.date_end = self.phase_preparation.date_start - relativedelta(
                days=1
            )

    def test_r2_six_actions_of_the_template(self):
        template = self.env.ref("xs_consumption.campaign_2022")
        self.assertEqual(
            set(template.action_ids.mapped("action_type")),
            {"east_west", "paired", "school", "finance", "soe", "ecommerce"},
        )
        self.assertEqual(
            set(template.phase_ids.mapped("phase_type")),
            {"preparation", "implementation", "summary"},
        )
        self.assertTrue(all(template.action_ids.mapped("lead_department_ids")))
        east_west = template.action_ids.filtered(lambda a: a.action_type == "east_west")
        self.assertIn(
            self.env.ref("xs_consumption.dept_dezhou_working_group"), east_west.lead_department_ids
        )

    def test_r3_townships_and_dezhou_pairing(self):
        townships = self.env["xs.township"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref(f"xs_consumption.township_{x}").id
                        for x in ("zhonghe", "hongan", "cenxi")
                    ],
                )
            ]
        )
        self.assertEqual(len(townships), 3)
        paired = self.env["xs.township"].search(
            [("east_west_task", "=", True), ("name", "not like", "Test")]
        )
        self.assertEqual(len(paired), 11)
        self.assertEqual(
            len(paired.dezhou_partner_id), 11, "each task township has its own Dezhou county"
        )
        self.assertTrue(
            all(p.xs_buyer_category == "dezhou_partner" for p in paired.dezhou_partner_id)
        )

    def test_r2_action_form(self):
        with Form(self.env["xs.campaign.action"]) as form:
            form.campaign_id = self.campaign
            form.action_type = "finance"
            self.assertEqual(form.name, "Financial Institutions")
            form.target_amount = 20000
        self.assertEqual(self.campaign.target_amount, 170000)
