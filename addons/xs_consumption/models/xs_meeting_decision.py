from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import xs_today, xs_workflow_write


class XsMeetingDecision(models.Model):
    """A decision of a joint meeting, with the department and person who carry it out."""

    _name = "xs.meeting.decision"
    _description = "Joint Meeting Decision"
    _inherit = ["xs.workflow.mixin"]
    _order = "deadline, id"

    meeting_id = fields.Many2one("xs.meeting", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="Decision", required=True)
    department_id = fields.Many2one(
        "res.partner", string="Responsible Department", domain=[("xs_is_department", "=", True)]
    )
    user_id = fields.Many2one("res.users", string="Follow-up By")
    deadline = fields.Date()
    state = fields.Selection([("open", "Open"), ("done", "Done")], default="open", required=True)

    @api.model_create_multi
    def create(self, vals_list):
        decisions = super().create(vals_list)
        decisions._schedule_follow_up()
        return decisions

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals or "deadline" in vals:
            self._schedule_follow_up()
        return res

    def _schedule_follow_up(self):
        # The follow-up is a to-do on the meeting for the person in charge, so it shows in
        # their activities and the meeting's chatter.
        for decision in self.filtered(lambda d: d.user_id and d.state == "open"):
            decision.meeting_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=decision.deadline or xs_today(decision.env),
                summary=decision.name[:100],
                user_id=decision.user_id.id,
            )

    def action_done(self):
        if any(d.state != "open" for d in self):
            raise UserError(_("Only open decisions can be marked as done."))
        xs_workflow_write(self, {"state": "done"})
        for decision in self:
            decision.meeting_id.activity_ids.filtered(
                lambda a, d=decision: a.user_id == d.user_id and a.summary == d.name[:100]
            ).action_feedback(feedback=_("Done"))
