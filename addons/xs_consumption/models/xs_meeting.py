from odoo import api, fields, models


class XsMeeting(models.Model):
    """R3: the joint-meeting mechanism (联席会议) of the campaign: who met, what was
    decided, and who follows each decision up by when."""

    _name = "xs.meeting"
    _description = "Joint Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    campaign_id = fields.Many2one("xs.campaign", required=True, index=True, tracking=True)
    date = fields.Date(required=True, tracking=True)
    convener_id = fields.Many2one(
        "res.partner", domain=[("xs_is_department", "=", True)], tracking=True
    )
    department_ids = fields.Many2many(
        "res.partner",
        "xs_meeting_department_rel",
        "meeting_id",
        "partner_id",
        string="Departments Attending",
        domain=[("xs_is_department", "=", True)],
    )
    minutes = fields.Html()
    decision_ids = fields.One2many("xs.meeting.decision", "meeting_id", string="Decisions")
    open_decision_count = fields.Integer(
        compute="_compute_open_decision_count", string="Open Decisions"
    )

    @api.depends("decision_ids.state")
    def _compute_open_decision_count(self):
        for meeting in self:
            meeting.open_decision_count = len(
                meeting.decision_ids.filtered(lambda d: d.state == "open")
            )
