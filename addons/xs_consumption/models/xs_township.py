from odoo import fields, models

from ..tools import xs_open_action


class XsTownship(models.Model):
    """A township or sub-district of the county (乡镇/街道), R3."""

    _name = "xs.township"
    _description = "Township"
    _order = "sequence, code, id"

    name = fields.Char(required=True, translate=False)
    code = fields.Char(help="Administrative division code.")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("subdistrict", "Sub-district"), ("town", "Town"), ("township", "Township")],
        required=True,
        default="town",
    )
    active = fields.Boolean(default=True)
    east_west_task = fields.Boolean(
        string="East-West Cooperation Task",
        help="Carries a Lu-Yu (Shandong-Chongqing) East-West cooperation task (鲁渝协作).",
    )
    dezhou_partner_id = fields.Many2one(
        "res.partner",
        string="Paired Dezhou County",
        domain=[("xs_buyer_category", "=", "dezhou_partner")],
        help="The county, city or district of Dezhou (Shandong) this township is paired with.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "xs_township_res_users_rel",
        "township_id",
        "user_id",
        string="Staff",
        help="Users who work for this township.",
    )
    work_team = fields.Char(
        string="Stationed Work Team",
        help="The assistance-group work team stationed in the township (驻乡工作队).",
    )
    declaration_ids = fields.One2many("xs.surplus.declaration", "township_id")
    declaration_count = fields.Integer(compute="_compute_declaration_count")

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A township with this name already exists."),
    ]

    def _compute_declaration_count(self):
        groups = self.env["xs.surplus.declaration"]._read_group(
            [("township_id", "in", self.ids)], ["township_id"], ["__count"]
        )
        counts = {township.id: count for township, count in groups}
        for township in self:
            township.declaration_count = counts.get(township.id, 0)

    def action_view_declarations(self):
        self.ensure_one()
        return xs_open_action(
            self.env,
            "xs_consumption.xs_surplus_declaration_action",
            [("township_id", "=", self.id)],
            {"default_township_id": self.id},
        )
