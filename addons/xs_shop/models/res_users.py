from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _signup_create_user(self, values):
        # R27: a person signing up (in the shop or the portal) buys as a resident.
        user = super()._signup_create_user(values)
        user.partner_id._xs_shop_set_person_channel()
        return user
