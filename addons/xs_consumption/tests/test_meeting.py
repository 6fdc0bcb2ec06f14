from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestMeeting(XsCommon):
    """R3: joint meetings record decisions, each followed up by a person by a deadline."""

    def test_r3_decisions_are_followed_up(self):
        form = Form(self.env["xs.meeting"].with_user(self.user_county))
        form.name = "Test joint meeting"
        form.campaign_id = self.campaign
        form.date = self.today
        form.convener_id = self.dept
        form.department_ids.add(self.other_dept)
        with form.decision_ids.new() as decision:
            decision.name = "Schools buy the cabbage"
            decision.department_id = self.dept
            decision.user_id = self.user_lead
            decision.deadline = self.today + relativedelta(days=7)
        meeting = form.save()
        self.assertEqual(meeting.open_decision_count, 1)
        activity = meeting.activity_ids
        self.assertRecordValues(
            activity,
            [
                {
                    "user_id": self.user_lead.id,
                    "summary": "Schools buy the cabbage",
                    "date_deadline": self.today + relativedelta(days=7),
                }
            ],
        )
        # The lead department reads the meeting and closes its decision.
        decision = meeting.decision_ids.with_user(self.user_lead)
        decision.action_done()
        self.assertEqual(meeting.open_decision_count, 0)
        self.assertFalse(meeting.activity_ids)
        with self.assertRaises(UserError):
            decision.action_done()
        # Township staff read meetings but do not change them.
        self.assertEqual(meeting.with_user(self.user_township_a).name, "Test joint meeting")
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_township_a).write({"name": "Changed"})
        self.assertFalse(self.env["xs.meeting"].with_user(self.user_plain).has_access("read"))
