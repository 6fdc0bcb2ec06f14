from odoo import api, models


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

    @api.model
    def _xs_brand(self):
        """The platform's websites carry its name (the sample site is 'My Website')."""
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        for website in self.with_context(lang="en_US").search(
            [("name", "in", (False, "My Website"))]
        ):
            name = website.company_id.name
            website.name = name
            # In every language: core's Chinese of the sample name is 我的网站.
            website.update_field_translations("name", dict.fromkeys(languages, name))
