from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    xs_township_ids = fields.Many2many(
        "xs.township",
        "xs_township_res_users_rel",
        "user_id",
        "township_id",
        string="Townships",
        help="Townships whose declarations this user works on (record rules of township staff).",
    )
