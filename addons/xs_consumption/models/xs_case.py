from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import xs_workflow_write

CASE_TYPES = [
    ("large_sale", "Large Sale"),
    ("assistance_effect", "Good Assistance Effect"),
    ("demonstration", "Strong Demonstration"),
]


class XsCase(models.Model):
    """R16 publicity: a typical case (典型案例) with the documents behind its figures, so
    that what the county publicises traces to real orders and declarations (R22), and a
    write-up others can replicate."""

    _name = "xs.case"
    _description = "Typical Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "xs.workflow.mixin"]
    _order = "campaign_id desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    case_type = fields.Selection(
        CASE_TYPES, string="Type", required=True, default="large_sale", tracking=True
    )
    campaign_id = fields.Many2one(
        "xs.campaign", required=True, index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    action_id = fields.Many2one(
        "xs.campaign.action", tracking=True, domain="[('campaign_id', '=', campaign_id)]"
    )
    township_id = fields.Many2one("xs.township", tracking=True)
    sale_order_ids = fields.Many2many(
        "sale.order",
        "xs_case_sale_order_rel",
        "case_id",
        "order_id",
        string="Orders",
        domain="[('xs_campaign_id', '=', campaign_id), ('state', '=', 'sale')]",
        help="The confirmed orders whose figures the case reports.",
    )
    declaration_ids = fields.Many2many(
        "xs.surplus.declaration",
        "xs_case_declaration_rel",
        "case_id",
        "declaration_id",
        string="Declarations",
        ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id)]",
        help="The declared produce, and so the farmer households, the case is about.",
    )
    amount_counted = fields.Monetary(
        compute="_compute_figures",
        string="Sales",
        help="Sales of the linked orders on the campaign's counting basis.",
    )
    household_count = fields.Integer(compute="_compute_figures", string="Households")
    poverty_household_count = fields.Integer(
        compute="_compute_figures", string="Poverty-Alleviated Households"
    )
    summary = fields.Text(help="Two or three sentences for the bulletin.")
    write_up = fields.Html(
        help="Background, what was done, results and what others can replicate (可复制经验)."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("recommended", "Recommended Upward"), ("published", "Published")],
        default="draft",
        required=True,
        tracking=True,
    )

    def _compute_figures(self):
        # Always from the documents (the basis may count deliveries, invoices or payments):
        # one query for the lines of every case's orders.
        figures = self.env["xs.counted.line"]._xs_amounts_by(
            [("sale_order_id", "in", self.sale_order_ids.ids)], "sale_order_id"
        )
        for case in self:
            case.amount_counted = sum(
                figures.get(order.id, {}).get("counted", 0.0) for order in case.sale_order_ids
            )
            case.household_count = sum(case.declaration_ids.mapped("household_count"))
            case.poverty_household_count = sum(
                case.declaration_ids.mapped("poverty_household_count")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recommended(self):
        """R16: a case recommended upward or published stays as it went out."""
        sent = self.filtered(lambda c: c.state != "draft")
        if sent:
            raise UserError(
                _(
                    "%(names)s was recommended upward or published: it cannot be deleted. "
                    "Set it back to draft first.",
                    names=", ".join(sent.mapped("name")),
                )
            )

    def action_recommend(self):
        for case in self:
            if not case.sale_order_ids and not case.declaration_ids:
                raise UserError(
                    _(
                        "%(name)s: link the orders or declarations behind its figures before "
                        "recommending it.",
                        name=case.name,
                    )
                )
            if not case.write_up:
                raise UserError(_("%(name)s: write the case up first.", name=case.name))
        xs_workflow_write(self, {"state": "recommended"})

    def action_publish(self):
        if any(case.state != "recommended" for case in self):
            raise UserError(_("Only recommended cases can be published."))
        xs_workflow_write(self, {"state": "published"})

    def action_draft(self):
        xs_workflow_write(self, {"state": "draft"})
