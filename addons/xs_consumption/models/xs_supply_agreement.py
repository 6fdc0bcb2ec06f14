from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import xs_kept_by_orders, xs_set_counted, xs_workflow_write


class XsSupplyAgreement(models.Model):
    """A supply or direct-purchase agreement (供销、直采协议) between a wholesale market or
    distribution centre (e.g. in Dezhou) and a county selling entity (R9)."""

    _name = "xs.supply.agreement"
    _description = "Supply Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin", "xs.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Agreement No.", required=True, tracking=True)
    agreement_type = fields.Selection(
        [("supply", "Supply Agreement"), ("direct", "Direct-Purchase Agreement")],
        required=True,
        default="supply",
        tracking=True,
    )
    campaign_id = fields.Many2one("xs.campaign", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    action_id = fields.Many2one("xs.campaign.action", domain="[('campaign_id', '=', campaign_id)]")
    buyer_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("xs_buyer_category", "!=", False)],
        help="The wholesale market, distribution centre or other buyer.",
    )
    seller_id = fields.Many2one(
        "res.partner",
        string="County Seller",
        required=True,
        index=True,
        tracking=True,
        domain=[("xs_seller_type", "!=", False)],
    )
    date_signed = fields.Date(tracking=True)
    date_start = fields.Date(string="Valid From", required=True, tracking=True)
    date_end = fields.Date(string="Valid Until", required=True, tracking=True)
    amount_agreed = fields.Monetary(string="Agreed Amount", tracking=True)
    terms = fields.Html()
    document = fields.Binary(string="Signed Document", attachment=True)
    document_name = fields.Char()
    state = fields.Selection(
        [("draft", "Draft"), ("active", "In Force"), ("ended", "Ended")],
        default="draft",
        required=True,
        tracking=True,
    )
    sale_order_ids = fields.One2many("sale.order", "xs_agreement_id", string="Orders")
    amount_ordered = fields.Monetary(compute="_compute_amount_ordered", string="Ordered")

    @api.depends("sale_order_ids.state", "sale_order_ids.amount_untaxed")
    def _compute_amount_ordered(self):
        xs_set_counted(self, "agreement_id", {"amount_ordered": "ordered"})

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end < agreement.date_start:
                raise ValidationError(
                    _("Agreement %(name)s ends before it starts.", name=agreement.name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        """R22: the orders counted under an agreement keep it; only a draft agreement
        without orders can be deleted."""
        used = xs_kept_by_orders(self, "xs_agreement_id", lambda r: r.state != "draft")
        if used:
            raise UserError(
                _(
                    "%(names)s cannot be deleted: it is in force or orders count under it. End it "
                    "instead.",
                    names=", ".join(used.mapped("display_name")),
                )
            )

    def action_activate(self):
        xs_workflow_write(self, {"state": "active"})

    def action_end(self):
        xs_workflow_write(self, {"state": "ended"})
