from odoo import models


class Website(models.Model):
    _inherit = "website"

    def _xs_shop_partner(self):
        """R27: whose catalogue the shop shows: the website's visitors (its public user's
        partner, a buyer of the residents-and-staff channel). A person buying in the shop
        has that channel too (res.partner._xs_shop_set_person_channel), so the entries the
        shop sells are the entries published to the people who order them."""
        self.ensure_one()
        # sudo: the public user's partner, read by every visitor.
        return self.sudo().user_id.partner_id
