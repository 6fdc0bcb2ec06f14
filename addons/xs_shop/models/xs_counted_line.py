from odoo import fields, models

from .xs_campaign_action import SHOP_CHANNEL, SHOP_CHANNEL_SELECTION


class XsCountedLine(models.Model):
    _inherit = "xs.counted.line"

    # Shop orders never count under the publication channel itself (sale.order
    # _check_xs_shop_action); the value is known so that the view's column reads.
    action_type = fields.Selection(
        selection_add=SHOP_CHANNEL_SELECTION, ondelete={SHOP_CHANNEL: "cascade"}
    )
