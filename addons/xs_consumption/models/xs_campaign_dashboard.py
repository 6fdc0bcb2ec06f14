from odoo import _, fields, models

from ..tools import xs_open_action, xs_today


class XsCampaign(models.Model):
    """County staff's landing page (R13, R20): per open campaign, what waits for them.
    Kept apart from xs_campaign.py: these are screen figures, not campaign rules."""

    _inherit = "xs.campaign"

    xs_todo_verify_count = fields.Integer(
        compute="_compute_xs_todo", string="Declarations to Verify", groups="base.group_user"
    )
    xs_todo_list_count = fields.Integer(
        compute="_compute_xs_todo", string="Verified, Not Listed", groups="base.group_user"
    )
    xs_todo_purchase_count = fields.Integer(
        compute="_compute_xs_todo",
        string="Purchase Orders to Confirm",
        groups="base.group_user",
        help="Sellers' orders still waiting as requests for quotation (e.g. bought into the "
        "county warehouse); dropship orders are confirmed with the sale.",
    )
    xs_lagging_commitment_count = fields.Integer(
        compute="_compute_xs_todo",
        string="Lagging Buyers",
        groups="base.group_user",
        help="Confirmed commitments less fulfilled than the share of the implementation "
        "phase gone by, in its last weeks: the buyers the reminder goes to.",
    )

    def _xs_rfq_domain(self):
        return [
            ("state", "in", ("draft", "sent")),
            ("order_line.sale_line_id.order_id.xs_campaign_id", "in", self.ids),
        ]

    def _compute_xs_todo(self):
        # sudo: counts only, on a screen only county staff open (the menu and the action
        # are theirs); each button opens the records with the user's own rights.
        Declaration_sudo = self.env["xs.surplus.declaration"].sudo()
        states = {
            (campaign.id, state): count
            for campaign, state, count in Declaration_sudo._read_group(
                [("campaign_id", "in", self.ids), ("state", "in", ("submitted", "verified"))],
                ["campaign_id", "state"],
                ["__count"],
            )
        }
        Purchase_sudo = self.env["purchase.order"].sudo()
        commitments_sudo = (
            self.env["xs.buyer.commitment"]
            .sudo()
            .search([("campaign_id", "in", self.ids), ("state", "=", "confirmed")])
        )
        # The one rule of the lagging-buyer reminder (xs.buyer.commitment._xs_lagging).
        lagging_sudo = commitments_sudo._xs_lagging(xs_today(self.env))
        for campaign in self:
            campaign.xs_todo_verify_count = states.get((campaign.id, "submitted"), 0)
            campaign.xs_todo_list_count = states.get((campaign.id, "verified"), 0)
            campaign.xs_todo_purchase_count = Purchase_sudo.search_count(campaign._xs_rfq_domain())
            campaign.xs_lagging_commitment_count = len(
                lagging_sudo.filtered(lambda c, campaign=campaign: c.campaign_id == campaign)
            )

    def _xs_open(self, xmlid, domain, name=None, context=None):
        self.ensure_one()
        return xs_open_action(self.env, xmlid, domain, context or {}, name)

    def action_xs_open_to_verify(self):
        return self._xs_open(
            "xs_consumption.xs_surplus_declaration_action",
            [("campaign_id", "=", self.id), ("state", "=", "submitted")],
            _("Declarations to Verify"),
        )

    def action_xs_open_to_list(self):
        return self._xs_open(
            "xs_consumption.xs_surplus_declaration_action",
            [("campaign_id", "=", self.id), ("state", "=", "verified")],
            _("Verified, Not Listed"),
        )

    def action_xs_open_purchases_to_confirm(self):
        return self._xs_open(
            "xs_consumption.purchase_order_action_xs",
            self._xs_rfq_domain(),
            _("Purchase Orders to Confirm"),
        )

    def action_xs_open_lagging(self):
        self.ensure_one()
        lagging = (
            self.env["xs.buyer.commitment"]
            .search([("campaign_id", "=", self.id), ("state", "=", "confirmed")])
            ._xs_lagging(xs_today(self.env))
        )
        return self._xs_open(
            "xs_consumption.xs_buyer_commitment_action",
            [("id", "in", lagging.ids)],
            _("Lagging Buyers"),
        )
