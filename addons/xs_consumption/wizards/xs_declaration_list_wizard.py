from odoo import _, api, fields, models
from odoo.exceptions import UserError


class XsDeclarationListWizard(models.TransientModel):
    """R8: list verified declarations in the catalogue, asking for the channels of those
    that have none (instead of refusing the listing)."""

    _name = "xs.declaration.list.wizard"
    _description = "List in Catalogue"

    declaration_ids = fields.Many2many(
        "xs.surplus.declaration", string="Declarations", required=True
    )
    campaign_id = fields.Many2one("xs.campaign", compute="_compute_campaign_id")
    channel_action_ids = fields.Many2many(
        "xs.campaign.action",
        string="Publish to Channels",
        required=True,
        domain="[('campaign_id', '=', campaign_id)]",
        help="The campaign actions (channels) whose buyers see the entries that have no "
        "channel yet.",
    )

    @api.depends("declaration_ids")
    def _compute_campaign_id(self):
        for wizard in self:
            wizard.campaign_id = wizard.declaration_ids.campaign_id[:1]

    def action_confirm(self):
        self.ensure_one()
        declarations = self.declaration_ids
        if not self.channel_action_ids:
            raise UserError(_("Choose at least one channel to publish the entries to."))
        if len(declarations.campaign_id) > 1:
            raise UserError(_("List the declarations of one campaign at a time."))
        # The catalogue role's own write: it checks the role and the channels' campaign.
        declarations.filtered(lambda d: not d.channel_action_ids).write(
            {"channel_action_ids": [fields.Command.set(self.channel_action_ids.ids)]}
        )
        declarations.action_list()
        return {"type": "ir.actions.act_window_close"}
