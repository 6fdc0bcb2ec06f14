from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import xs_kept_by_orders, xs_percent, xs_set_counted

ACTION_TYPES = [
    ("east_west", "Lu-Yu East-West Cooperation"),
    ("paired", "Paired Assistance"),
    ("school", "Schools"),
    ("finance", "Financial Institutions"),
    ("soe", "County State-Owned Enterprises"),
    ("ecommerce", "E-commerce"),
]


class XsCampaignAction(models.Model):
    """One of the six sub-actions (专项行动) of a campaign, with its lead departments (R2)."""

    _name = "xs.campaign.action"
    _description = "Campaign Action"
    _inherit = ["mail.thread"]
    _order = "campaign_id, sequence, id"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    campaign_id = fields.Many2one("xs.campaign", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    action_type = fields.Selection(ACTION_TYPES, required=True)
    lead_department_ids = fields.Many2many(
        "res.partner",
        "xs_campaign_action_lead_rel",
        "action_id",
        "partner_id",
        string="Lead Departments",
        domain=[("xs_is_department", "=", True)],
        groups="base.group_user",
    )
    # The county's targets and figures: internal (groups=); portal users read the
    # actions their catalogue and commitments name, not how the county is doing.
    target_amount = fields.Monetary(tracking=True, groups="base.group_user")
    description = fields.Text(help="What the action does and how (from the plan).")
    amount_counted = fields.Monetary(
        compute="_compute_progress",
        string="Achieved",
        groups="base.group_user",
        help="Sales under this action on the campaign's counting basis.",
    )
    progress = fields.Float(
        compute="_compute_progress", string="Progress (%)", groups="base.group_user"
    )

    _sql_constraints = [
        ("type_uniq", "unique(campaign_id, action_type)", "A campaign has each action once."),
        ("target_positive", "CHECK(target_amount >= 0)", "A target cannot be negative."),
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """R22: the orders and commitments counted under an action, and the catalogue
        entries published to it, keep it."""
        # sudo: whether anything refers to the actions, whoever may read it.
        commitments_sudo = self.env["xs.buyer.commitment"].sudo()
        entries_sudo = self.env["xs.surplus.declaration"].sudo()
        used = xs_kept_by_orders(
            self,
            "xs_action_id",
            lambda a: (
                commitments_sudo.search_count([("action_id", "=", a.id)], limit=1)
                or entries_sudo.search_count([("channel_action_ids", "in", a.ids)], limit=1)
            ),
        )
        if used:
            raise UserError(
                _(
                    "%(names)s cannot be deleted: orders or commitments count under it, or "
                    "catalogue entries are published to it.",
                    names=", ".join(used.mapped("name")),
                )
            )

    @api.depends("target_amount", "campaign_id.count_basis")
    def _compute_progress(self):
        # R2: progress against the target, from the orders attributed to each action.
        xs_set_counted(self, "action_id", {"amount_counted": "counted"})
        for action in self:
            action.progress = xs_percent(action.amount_counted, action.target_amount)

    @api.depends("action_type")
    def _compute_name(self):
        labels = dict(self._fields["action_type"]._description_selection(self.env))
        for action in self:
            if not action.name and action.action_type:
                action.name = labels[action.action_type]
