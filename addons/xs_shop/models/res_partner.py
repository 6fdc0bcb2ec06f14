from odoo import fields, models

from .xs_campaign_action import SHOP_CHANNEL, SHOP_CHANNEL_SELECTION


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

    def _xs_shop_set_person_channel(self):
        """R27: people who sign up in the shop see what the county publishes to residents
        and staff. Only people of their own (no organisation, no channel yet)."""
        # sudo: the channel is a county field (res.partner._xs_check_partner_fields); set
        # here for the person's own new login only.
        people = self.sudo().filtered(
            lambda p: not p.parent_id and not p.is_company and not p.xs_channel
        )
        people.write({"xs_channel": SHOP_CHANNEL})
