from datetime import timedelta

from lxml import etree

from odoo.tests import Form, HttpCase, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestFilingSteps(XsOrdersCommon, HttpCase):
    """R14, R22: filing a return is one visible step for county staff: the File button is
    on the wizard as it opens, asks to confirm, says what was filed and shows the campaign
    with the date its figures are reported up to. An HttpCase for its registry test mode
    (filing renders on a second cursor)."""

    def _wizard_form(self, user):
        return Form(
            self.env["xs.return.wizard"]
            .with_user(user)
            .with_context(active_model="xs.campaign", active_id=self.campaign.id)
        )

    def test_r22_file_button_on_the_wizard_as_it_opens(self):
        """The File button showed only once the wizard had been saved by a download: its
        visibility (can_file) was False on the form as it opened."""
        self.assertTrue(self._wizard_form(self.user_county).can_file)
        self.assertFalse(self._wizard_form(self.user_township_a).can_file)
        arch = self.env["xs.return.wizard"].with_user(self.user_county).get_views([(False, "form")])
        button = etree.fromstring(arch["views"]["form"]["arch"]).xpath(
            "//button[@name='action_file']"
        )[0]
        self.assertEqual(button.get("invisible"), "not can_file")
        self.assertTrue(button.get("confirm"), "filing locks a period: the button asks first")

    def test_r22_filing_says_so_and_shows_reported_up_to(self):
        self.assertFalse(self.campaign.reported_up_to)
        form = self._wizard_form(self.user_county)
        self.assertEqual(form.date_from, self.campaign.date_start)
        form.date_to = self.today - timedelta(days=2)
        action = form.save().action_file()
        filed = self.campaign.filed_return_ids
        self.assertEqual(len(filed), 1)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(filed.name, action["params"]["message"])
        self.assertIn(str(filed.date_to), action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "xs.campaign")
        self.assertEqual(action["params"]["next"]["res_id"], self.campaign.id)
        # 已上报截至 shows the end of the filed period.
        self.assertEqual(self.campaign.reported_up_to, filed.date_to)
        self.assertEqual(self.campaign.with_user(self.user_county).reported_up_to, filed.date_to)
        # The next filing starts the day after and moves the date on.
        form = self._wizard_form(self.user_county)
        self.assertEqual(form.date_from, filed.date_to + timedelta(days=1))
        form.save().action_file()
        self.assertEqual(self.campaign.reported_up_to, self.today)

    def test_r22_reported_up_to_counts_only_what_follows_on(self):
        """A period filed after a gap does not move the date: the days of the gap were not
        reported. The administrator's lock counts as reported."""
        later = (self.today - timedelta(days=3), self.today - timedelta(days=1))
        form = self._wizard_form(self.user_county)
        form.date_from, form.date_to = later
        form.save().action_file()
        self.assertFalse(self.campaign.reported_up_to)
        self.campaign.with_user(self.user_admin).lock_date = self.today - timedelta(days=4)
        self.assertEqual(self.campaign.reported_up_to, later[1])


@tagged("post_install", "-at_install")
class TestFilingTour(XsOrdersCommon, HttpCase):
    """R14, R22 in the browser: a county clerk opens Returns, files the period with the
    File button (no download first), confirms, is told so and sees the campaign with its
    'Reported Up To' date and the filed return."""

    def test_r22_filing_tour(self):
        self.campaign.name = "Filing Campaign"
        self.start_tour(
            "/odoo/action-xs_reporting.xs_return_wizard_action", "xs_filing_tour", login="xs_county"
        )
        filed = self.campaign.filed_return_ids
        self.assertEqual(len(filed), 1)
        self.assertEqual(filed.filed_by_id, self.user_county)
        self.assertEqual(self.campaign.reported_up_to, filed.date_to)
