from odoo import fields, models


class XsWorkTeam(models.Model):
    """A work team stationed in townships (驻乡工作队), e.g. one of the municipal commerce
    commission's assistance group (市商务委帮扶集团), with its members and the townships
    it works in. Sale orders and off-platform purchases it brought in name it, so the
    summary return counts them in the plan's work-team column (R14)."""

    _name = "xs.work.team"
    _description = "Township Work Team"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    sponsor_id = fields.Many2one(
        "res.partner",
        string="Sending Organisation",
        tracking=True,
        help="The group or unit that sent the team, e.g. 市商务委帮扶集团.",
    )
    leader_id = fields.Many2one("res.partner", string="Team Leader", tracking=True)
    member_ids = fields.Many2many(
        "res.partner",
        "xs_work_team_member_rel",
        "team_id",
        "partner_id",
        string="Members",
    )
    township_ids = fields.Many2many(
        "xs.township",
        "xs_work_team_township_rel",
        "team_id",
        "township_id",
        string="Townships",
    )
    note = fields.Text()
