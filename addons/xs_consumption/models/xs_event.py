from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import xs_kept_by_orders, xs_set_counted, xs_workflow_write

EVENT_TYPES = [
    ("matchmaking", "Production-Sales Matchmaking"),
    ("exhibition", "Exhibition / Trade Fair"),
    ("promotion", "E-commerce Promotion"),
    ("other", "Other"),
]


class XsEvent(models.Model):
    """R12: matchmaking fairs and exhibitions (产销对接会、展销会, e.g. in Dezhou) and
    e-commerce promotion dates (12.12, New Year, Spring Festival). Sales are attributed to
    an event on the sale order; the event shows what it brought."""

    _name = "xs.event"
    _description = "Consumption Assistance Event"
    _inherit = ["mail.thread", "mail.activity.mixin", "xs.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    event_type = fields.Selection(
        EVENT_TYPES, string="Type", required=True, default="matchmaking", tracking=True
    )
    campaign_id = fields.Many2one(
        "xs.campaign", required=True, index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    action_id = fields.Many2one(
        "xs.campaign.action",
        tracking=True,
        domain="[('campaign_id', '=', campaign_id)]",
        help="The action the event serves, e.g. Lu-Yu cooperation for a fair in Dezhou.",
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    location = fields.Char(tracking=True, help="City and venue, or the platform of a promotion.")
    organiser_ids = fields.Many2many(
        "res.partner",
        "xs_event_organiser_rel",
        "event_id",
        "partner_id",
        string="Organisers",
        domain=[("xs_is_department", "=", True)],
    )
    seller_ids = fields.Many2many(
        "res.partner",
        "xs_event_seller_rel",
        "event_id",
        "partner_id",
        string="Participating Sellers",
        domain=[("xs_seller_type", "!=", False)],
    )
    buyer_ids = fields.Many2many(
        "res.partner",
        "xs_event_buyer_rel",
        "event_id",
        "partner_id",
        string="Invited Buyers",
        domain=[("xs_buyer_category", "!=", False)],
    )
    amount_signed = fields.Monetary(
        string="Signed on Site",
        tracking=True,
        help="Intended purchases signed at the event (意向签约金额), as announced; real sales "
        "are the orders attributed to the event.",
    )
    description = fields.Html()
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )
    sale_order_ids = fields.One2many("sale.order", "xs_event_id", string="Sale Orders")
    sale_order_count = fields.Integer(compute="_compute_sales", string="Orders")
    amount_ordered = fields.Monetary(compute="_compute_sales", string="Ordered")
    amount_counted = fields.Monetary(
        compute="_compute_sales",
        string="Counted",
        help="Sales attributed to the event, on the campaign's counting basis.",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for event in self:
            if event.date_end < event.date_start:
                raise ValidationError(_("%(name)s ends before it starts.", name=event.name))

    @api.constrains("action_id", "campaign_id")
    def _check_action(self):
        for event in self:
            if event.action_id and event.action_id.campaign_id != event.campaign_id:
                raise ValidationError(
                    _("%(name)s: the action belongs to another campaign.", name=event.name)
                )

    def _compute_sales(self):
        xs_set_counted(
            self,
            "event_id",
            {
                "sale_order_count": "orders",
                "amount_ordered": "ordered",
                "amount_counted": "counted",
            },
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        """R22: the orders counted under an event keep it; cancel the event instead."""
        used = xs_kept_by_orders(self, "xs_event_id")
        if used:
            raise UserError(
                _(
                    "%(names)s cannot be deleted: orders count under it. Cancel the event instead.",
                    names=", ".join(used.mapped("display_name")),
                )
            )

    def action_done(self):
        xs_workflow_write(self, {"state": "done"})

    def action_cancel(self):
        xs_workflow_write(self, {"state": "cancelled"})

    def action_plan(self):
        xs_workflow_write(self, {"state": "planned"})

    def action_view_sale_orders(self):
        self.ensure_one()
        return self.env["sale.order"]._xs_orders_action(
            [("xs_event_id", "=", self.id)],
            {"default_xs_event_id": self.id, "default_xs_campaign_id": self.campaign_id.id},
        )
