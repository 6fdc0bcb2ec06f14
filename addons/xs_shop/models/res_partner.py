from werkzeug.urls import url_encode

from odoo import api, fields, models

from .xs_campaign_action import SHOP_CHANNEL, SHOP_CHANNEL_SELECTION


def xs_qr_src(url, size=240):
    """The address of the QR code of ``url``, drawn by Odoo's own barcode route (posters at
    fairs, WeChat groups: R27)."""
    query = url_encode(
        {"barcode_type": "QR", "value": url, "width": size, "height": size, "quiet": 1}
    )
    return f"/report/barcode/?{query}"


class ResPartner(models.Model):
    _inherit = "res.partner"

    xs_channel = fields.Selection(
        selection_add=SHOP_CHANNEL_SELECTION, ondelete={SHOP_CHANNEL: "set null"}
    )
    xs_shop_work_unit = fields.Boolean(
        string="Buys in the Shop With Its Staff",
        help="A work unit or union whose staff and members say at the shop's checkout that "
        "they buy with it (R27): their orders count under its channel.",
    )

    xs_shop_invite_url = fields.Char(
        string="Shop Invitation Link",
        compute="_compute_xs_shop_invite_url",
        help="Shared with the work unit's staff or the union's members (R27): who opens the "
        "shop through it buys with this work unit, and the order counts under its channel.",
    )
    xs_shop_invite_qr_url = fields.Char(
        string="Invitation QR Code", compute="_compute_xs_shop_invite_url"
    )

    @api.depends("xs_shop_work_unit")
    def _compute_xs_shop_invite_url(self):
        base = self.env["website"].get_current_website().get_base_url()
        for partner in self:
            url = partner.xs_shop_work_unit and partner.id and f"{base}/shop/with/{partner.id}"
            partner.xs_shop_invite_url = url or False
            partner.xs_shop_invite_qr_url = url and xs_qr_src(url)

    def _xs_shop_set_person_channel(self):
        """R27: people who sign up in the shop see what the county publishes to residents
        and staff. Only people of their own (no organisation, no channel yet)."""
        # sudo: the channel is a county field (res.partner._xs_check_partner_fields); set
        # here for the person's own new login only.
        people_sudo = self.sudo().filtered(
            lambda p: not p.parent_id and not p.is_company and not p.xs_channel
        )
        people_sudo.write({"xs_channel": SHOP_CHANNEL})
