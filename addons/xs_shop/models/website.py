from odoo import Command, api, models
from odoo.tools.translate import LazyTranslate

from .xs_campaign_action import SHOP_CHANNEL

_lt = LazyTranslate(__name__)


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
        zh_cn.active = True
        # Odoo's own Chinese for what the shop shows (core's website menu, checkout and
        # payment pages), as the language installer loads it: filled in where missing, never
        # over what the county changed. Switching the language on alone leaves them English.
        installed = self.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations(["zh_CN"])
        self._xs_translate_menus()
        self.env["payment.provider"]._xs_keep_demo_states()
        for website in websites:
            values = {}
            if zh_cn not in website.language_ids:
                values["language_ids"] = [Command.link(zh_cn.id)]
            if website.account_on_checkout != "mandatory":
                values["account_on_checkout"] = "mandatory"
            if values:
                website.write(values)

    @api.model
    def _xs_translate_menus(self):
        """Each website's own copy of core's menus (Home, Shop, Contact us: the site's
        header) takes the Chinese of the menu it was copied from, where it has none: the
        copies are made without the translations loaded after them."""
        Menu = self.env["website.menu"].with_context(lang="en_US")
        chinese = {
            (menu.url, menu.name): menu.with_context(lang="zh_CN").name
            for menu in Menu.search([("website_id", "=", False)])
        }
        for menu in Menu.search([("website_id", "!=", False)]):
            name = chinese.get((menu.url, menu.name))
            if name and name != menu.name and menu.with_context(lang="zh_CN").name == menu.name:
                menu.update_field_translations("name", {"zh_CN": name})

    def _get_checkout_step_list(self):
        steps = super()._get_checkout_step_list()
        for xmlids, step in steps:
            if "website_sale.cart" in xmlids:
                # Core's Chinese for its "Review Order" reads "rate the order" (订单评价).
                step["name"] = _lt("Check Your Order")
        return steps
