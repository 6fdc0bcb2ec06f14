from odoo import fields, models

# R27: the channel through which the county publishes catalogue entries to people
# (residents, staff of agencies, schools, banks and SOEs, union members) in its shop.
SHOP_CHANNEL = "shop"
SHOP_CHANNEL_SELECTION = [(SHOP_CHANNEL, "Residents and Staff")]


class XsCampaignAction(models.Model):
    _inherit = "xs.campaign.action"

    action_type = fields.Selection(
        selection_add=SHOP_CHANNEL_SELECTION, ondelete={SHOP_CHANNEL: "cascade"}
    )
