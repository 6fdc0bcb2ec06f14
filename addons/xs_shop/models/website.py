from odoo import Command, api, models

from .xs_campaign_action import SHOP_CHANNEL


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

    @api.model
    def _xs_shop_apply_settings(self):
        """R27: what the shop needs, at install and every update (data files cannot: the
        websites and the public partner are base's and website's records, not updated):
        the visitors buy as residents and staff (what the shop sells is what is published
        to them), people buy with their own account (the order, its per-buyer limit and
        its channel are theirs), and every website speaks Chinese (R21). The county's own
        choices (default language, sign-up, delivery, payment) are left as it set them."""
        websites = self.search([])
        # sudo: the public users' partners are no one's to edit but the shop's set-up.
        visitors_sudo = websites.user_id.partner_id.sudo()
        visitors_sudo.filtered(lambda p: p.xs_channel != SHOP_CHANNEL).xs_channel = SHOP_CHANNEL
        zh_cn = self.env.ref("base.lang_zh_CN")
        for website in websites:
            values = {}
            if zh_cn not in website.language_ids:
                values["language_ids"] = [Command.link(zh_cn.id)]
            if website.account_on_checkout != "mandatory":
                values["account_on_checkout"] = "mandatory"
            if values:
                website.write(values)
