from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    """A buyer's order is a standard sale order of the platform company (R10), attributed
    to one campaign action and at most one commitment, so that it counts once (R22)."""

    _inherit = "sale.order"

    xs_campaign_id = fields.Many2one(
        "xs.campaign",
        string="Assistance Campaign",
        index=True,
        tracking=True,
        check_company=True,
        compute="_compute_xs_campaign_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    xs_action_id = fields.Many2one(
        "xs.campaign.action",
        string="Campaign Action",
        index=True,
        tracking=True,
        compute="_compute_xs_action_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('campaign_id', '=', xs_campaign_id)]",
    )
    xs_commitment_id = fields.Many2one(
        "xs.buyer.commitment",
        string="Commitment",
        index=True,
        tracking=True,
        domain="[('buyer_id', '=', xs_buyer_id), ('state', '=', 'confirmed')]",
    )
    xs_agreement_id = fields.Many2one(
        "xs.supply.agreement",
        string="Supply Agreement",
        index=True,
        tracking=True,
        domain="[('buyer_id', '=', xs_buyer_id), ('state', '=', 'active')]",
    )
    xs_buyer_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Buyer Organisation"
    )
    xs_channel = fields.Selection(related="partner_id.commercial_partner_id.xs_channel")

    @api.depends("xs_commitment_id", "xs_agreement_id")
    def _compute_xs_campaign_id(self):
        for order in self:
            source = order.xs_commitment_id or order.xs_agreement_id
            if source:
                order.xs_campaign_id = source.campaign_id

    @api.depends("xs_commitment_id", "xs_agreement_id", "xs_campaign_id", "partner_id")
    def _compute_xs_action_id(self):
        for order in self:
            if order.xs_commitment_id:
                order.xs_action_id = order.xs_commitment_id.action_id
            elif order.xs_agreement_id.action_id:
                order.xs_action_id = order.xs_agreement_id.action_id
            elif order.xs_campaign_id and order.xs_action_id.campaign_id != order.xs_campaign_id:
                channel = order.partner_id.commercial_partner_id.xs_channel
                order.xs_action_id = order.xs_campaign_id.action_ids.filtered(
                    lambda a, channel=channel: a.action_type == channel
                )[:1]

    @api.constrains(
        "xs_campaign_id", "xs_action_id", "xs_commitment_id", "xs_agreement_id", "partner_id"
    )
    def _check_xs_attribution(self):
        for order in self:
            buyer = order.partner_id.commercial_partner_id
            if order.xs_action_id and order.xs_action_id.campaign_id != order.xs_campaign_id:
                raise ValidationError(
                    _("%(order)s: the action belongs to another campaign.", order=order.name)
                )
            commitment = order.xs_commitment_id
            if commitment and (
                commitment.action_id != order.xs_action_id or commitment.buyer_id != buyer
            ):
                raise ValidationError(
                    _(
                        "%(order)s counts under %(action)s for %(buyer)s, but commitment "
                        "%(commitment)s is %(c_buyer)s's under %(c_action)s. A sale counts "
                        "once, under one action and one commitment.",
                        order=order.name,
                        action=order.xs_action_id.name,
                        buyer=buyer.name,
                        commitment=commitment.name,
                        c_buyer=commitment.buyer_id.name,
                        c_action=commitment.action_id.name,
                    )
                )
            if order.xs_agreement_id and order.xs_agreement_id.buyer_id != buyer:
                raise ValidationError(
                    _(
                        "%(order)s: agreement %(agreement)s is another buyer's.",
                        order=order.name,
                        agreement=order.xs_agreement_id.name,
                    )
                )

    def _xs_check_confirmable(self):
        for order in self:
            lines = order.order_line.filtered("xs_declaration_id")
            if not lines:
                continue
            if not order.xs_campaign_id or not order.xs_action_id:
                raise UserError(
                    _(
                        "%(order)s sells catalogue produce: choose its campaign and action.",
                        order=order.name,
                    )
                )
            if not order.xs_campaign_id.implementation_open:
                raise UserError(
                    _(
                        "Orders count only while the implementation phase of %(campaign)s is open.",
                        campaign=order.xs_campaign_id.name,
                    )
                )
            for line in lines:
                declaration = line.xs_declaration_id
                if declaration.state != "listed":
                    raise UserError(
                        _(
                            "%(name)s (%(product)s) is not in the catalogue any more.",
                            name=declaration.name,
                            product=declaration.product_id.display_name,
                        )
                    )
                if not declaration._xs_is_published_to(order.partner_id):
                    raise UserError(
                        _(
                            "%(name)s (%(product)s) is not published to %(buyer)s.",
                            name=declaration.name,
                            product=declaration.product_id.display_name,
                            buyer=order.partner_id.commercial_partner_id.name,
                        )
                    )

    def _xs_check_quality(self, products):
        """R15: no new order of a product under an open serious quality issue."""
        issues = self.env["xs.quality.issue"]._xs_blocking(products)
        if issues:
            raise UserError(
                _(
                    "%(products)s cannot be ordered until the county clears: %(issues)s.",
                    products=", ".join(issues.product_id.mapped("display_name")),
                    issues="; ".join(issues.mapped("name")),
                )
            )

    def _action_confirm(self):
        lines = self.order_line.filtered("xs_declaration_id")
        if not lines:
            return super()._action_confirm()
        self._xs_check_confirmable()
        self._xs_check_quality(lines.product_id)
        # sudo: the buyer's salesperson (or a portal buyer) must see every order of the
        # declaration to count what remains; only quantities are read.
        declarations = lines.xs_declaration_id.sudo()
        declarations._xs_lock()
        pending = defaultdict(float)
        for line in lines:
            pending[line.xs_declaration_id.id] += line.product_uom._compute_quantity(
                line.product_uom_qty, line.xs_declaration_id.uom_id, round=False
            )
        declarations._xs_check_remaining(pending)
        res = super()._action_confirm()
        declarations._xs_update_catalogue_state()
        return res

    def _action_cancel(self):
        declarations = self.order_line.xs_declaration_id.sudo()
        res = super()._action_cancel()
        if declarations:
            self.env.flush_all()
            declarations._xs_update_catalogue_state()
        return res
