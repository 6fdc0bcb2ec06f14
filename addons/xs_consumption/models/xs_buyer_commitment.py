from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import intake
from ..tools import (
    xs_check_workflow_vals,
    xs_kept_by_orders,
    xs_percent,
    xs_set_counted,
    xs_today,
    xs_today_default,
    xs_workflow_write,
)

PURCHASE_MODES = [
    ("direct", "Direct Purchase"),
    ("help_sell", "Help Sell"),
    ("canteen", "Canteen Purchase"),
    ("staff", "Staff Purchase"),
    ("trade_union", "Trade Union Purchase"),
    ("points", "Points Exchange"),
]

# R9 reminder: a buyer lags when, this many days before the implementation phase ends,
# it has counted less of its commitment than the share of the phase already gone by.
REMINDER_DAYS_BEFORE_END = 21


# The kind of number (intake.NUMBER_LIMITS) of each typed figure.
NUMBER_KINDS = {"amount_committed": "amount"}
# Changed by the action buttons (and the reminder cron) only: xs_workflow_write.
WORKFLOW_FIELDS = {"state", "name", "last_reminder_date"}


class XsBuyerCommitment(models.Model):
    """What a buyer organisation commits to buy under an action (R9); fulfilment is
    computed from its real sale orders."""

    _name = "xs.buyer.commitment"
    _description = "Buyer Commitment"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "xs.campaign", required=True, index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    action_id = fields.Many2one(
        "xs.campaign.action",
        required=True,
        index=True,
        tracking=True,
        domain="[('campaign_id', '=', campaign_id)]",
    )
    buyer_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("xs_buyer_category", "!=", False)],
    )
    buyer_category = fields.Selection(related="buyer_id.xs_buyer_category", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="County Contact",
        tracking=True,
        default=lambda self: self.env.user,
        help="Follows the commitment up and gets the reminders.",
    )
    purchase_mode = fields.Selection(PURCHASE_MODES, required=True, default="direct", tracking=True)
    amount_committed = fields.Monetary(string="Committed Amount", required=True, tracking=True)
    date_start = fields.Date(string="From", required=True, default=xs_today_default)
    date_end = fields.Date(string="Until", required=True)
    line_ids = fields.One2many(
        "xs.buyer.commitment.line", "commitment_id", string="Products", copy=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    sale_order_ids = fields.One2many("sale.order", "xs_commitment_id", string="Sale Orders")
    sale_order_count = fields.Integer(compute="_compute_amounts")
    amount_ordered = fields.Monetary(compute="_compute_amounts", string="Ordered")
    amount_delivered = fields.Monetary(compute="_compute_amounts", string="Delivered")
    amount_invoiced = fields.Monetary(compute="_compute_amounts", string="Invoiced")
    amount_paid = fields.Monetary(compute="_compute_amounts", string="Paid")
    amount_counted = fields.Monetary(
        compute="_compute_amounts",
        string="Counted",
        help="Fulfilled amount on the campaign's counting basis (ordered, delivered, "
        "invoiced or paid).",
    )
    fulfilment_rate = fields.Float(compute="_compute_amounts", string="Fulfilment (%)")
    last_reminder_date = fields.Date(readonly=True, copy=False)
    note = fields.Text()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount_committed > 0)", "A commitment must be positive."),
    ]

    @api.depends(
        "sale_order_ids.state",
        "sale_order_ids.order_line.price_subtotal",
        "sale_order_ids.order_line.qty_delivered",
        "sale_order_ids.order_line.qty_invoiced",
        "campaign_id.count_basis",
    )
    def _compute_amounts(self):
        xs_set_counted(
            self,
            "commitment_id",
            {
                "amount_ordered": "ordered",
                "amount_delivered": "delivered",
                "amount_invoiced": "invoiced",
                "amount_paid": "paid",
                "sale_order_count": "orders",
                "amount_counted": "counted",
            },
        )
        for commitment in self:
            commitment.fulfilment_rate = xs_percent(
                commitment.amount_counted, commitment.amount_committed
            )

    @api.constrains("amount_committed")
    def _check_amount_committed(self):
        for commitment in self:
            error = intake.number_error(self.env, commitment.amount_committed, "amount")
            if error:
                raise ValidationError(
                    _(
                        "%(name)s, %(field)s: %(error)s",
                        name=commitment.name,
                        field=self._fields["amount_committed"]._description_string(self.env),
                        error=error,
                    )
                )

    @api.constrains("action_id", "campaign_id", "date_start", "date_end")
    def _check_action_and_dates(self):
        for commitment in self:
            if commitment.action_id.campaign_id != commitment.campaign_id:
                raise ValidationError(
                    _("%(name)s: the action belongs to another campaign.", name=commitment.name)
                )
            if commitment.date_end < commitment.date_start:
                raise ValidationError(
                    _("%(name)s: the period ends before it starts.", name=commitment.name)
                )

    @api.onchange("campaign_id")
    def _onchange_campaign_id(self):
        if self.campaign_id:
            if self.action_id.campaign_id != self.campaign_id:
                self.action_id = False
            implementation = self.campaign_id.phase_ids.filtered(
                lambda p: p.phase_type == "implementation"
            )
            if implementation and not self.date_end:
                self.date_end = implementation.date_end

    @api.onchange("buyer_id", "campaign_id")
    def _onchange_buyer_id(self):
        if self.buyer_id and self.campaign_id and not self.action_id:
            self.action_id = self.campaign_id._xs_channel_action(self.buyer_id)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            xs_check_workflow_vals(self, vals, WORKFLOW_FIELDS, creating=True)
            intake.check_number_vals(self, vals, NUMBER_KINDS)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("xs.buyer.commitment") or "/"
        return super().create(vals_list)

    def write(self, vals):
        xs_check_workflow_vals(self, vals, WORKFLOW_FIELDS)
        intake.check_number_vals(self, vals, NUMBER_KINDS)
        return super().write(vals)

    @api.model
    def _xs_portal_campaigns(self):
        """Campaigns a portal buyer can commit to: not over, with an action for its channel."""
        channel = self.env.user.partner_id.commercial_partner_id.xs_channel
        if not channel:
            return self.env["xs.campaign"]
        # sudo: portal users read campaigns but not their actions' lead departments;
        # only the campaigns are returned.
        return (
            self.env["xs.campaign"]
            .sudo()
            .search(
                [
                    ("date_end", ">=", xs_today(self.env)),
                    ("action_ids.action_type", "=", channel),
                ]
            )
            .sudo(False)
        )

    @api.model
    def _xs_portal_create_commitment(self, campaign_id, amount, date_end, purchase_mode, note=None):
        """R11: the logged-in portal buyer commits to buy under its channel's action.

        A buyer's commitment is its own promise: it is confirmed at once and its county
        contact (the buyer's salesperson) gets an activity to follow it up.
        """
        buyer = self.env.user.partner_id.commercial_partner_id
        campaign = self._xs_portal_campaigns().filtered(lambda c: c.id == campaign_id)
        if not campaign:
            raise UserError(_("Choose a campaign that is still running."))
        if not amount or amount <= 0:
            raise UserError(_("The committed amount must be positive."))
        if purchase_mode not in dict(PURCHASE_MODES):
            raise UserError(_("Choose how your organisation will buy."))
        today = xs_today(self.env)
        if not date_end or date_end < today or date_end > campaign.date_end:
            raise UserError(
                _(
                    "The commitment must end between today and the end of %(campaign)s (%(date)s).",
                    campaign=campaign.name,
                    date=campaign.date_end,
                )
            )
        action = campaign._xs_channel_action(buyer)
        # sudo: portal users cannot create commitments. Safe: the buyer is the logged-in
        # user's organisation, the action is its channel's, every figure was checked above.
        commitment_sudo = self.sudo().create(
            {
                "campaign_id": campaign.id,
                "action_id": action.id,
                "buyer_id": buyer.id,
                "user_id": buyer.user_id.id,
                "amount_committed": amount,
                "date_start": today,
                "date_end": date_end,
                "purchase_mode": purchase_mode,
                "note": note or False,
            }
        )
        commitment_sudo.action_confirm()
        commitment_sudo.message_post(
            body=_("Committed in the buyer portal by %(user)s.", user=self.env.user.name)
        )
        if commitment_sudo.user_id:
            commitment_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=commitment_sudo.user_id.id,
                summary=_("New commitment from %(buyer)s", buyer=buyer.name),
            )
        return commitment_sudo.sudo(False)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for commitment in self:
            commitment.access_url = f"/my/commitments/{commitment.id}"
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        """R22: the orders counted under a commitment keep it; only a draft or cancelled
        commitment without orders can be deleted."""
        used = xs_kept_by_orders(
            self, "xs_commitment_id", lambda r: r.state not in ("draft", "cancelled")
        )
        if used:
            raise UserError(
                _(
                    "%(names)s cannot be deleted: it is confirmed or orders count under it. Cancel "
                    "it instead.",
                    names=", ".join(used.mapped("display_name")),
                )
            )

    def action_confirm(self):
        if any(c.state != "draft" for c in self):
            raise UserError(_("Only draft commitments can be confirmed."))
        xs_workflow_write(self, {"state": "confirmed"})

    def action_done(self):
        if any(c.state != "confirmed" for c in self):
            raise UserError(_("Only confirmed commitments can be closed."))
        xs_workflow_write(self, {"state": "done"})

    def action_cancel(self):
        if self.sale_order_ids.filtered(lambda o: o.state == "sale"):
            raise UserError(_("A commitment with confirmed orders cannot be cancelled."))
        xs_workflow_write(self, {"state": "cancelled"})

    def action_draft(self):
        xs_workflow_write(self.filtered(lambda c: c.state == "cancelled"), {"state": "draft"})

    def action_view_sale_orders(self):
        self.ensure_one()
        return self.env["sale.order"]._xs_orders_action(
            [("xs_commitment_id", "=", self.id)],
            {"default_xs_commitment_id": self.id, "default_partner_id": self.buyer_id.id},
        )

    # ------------------------------------------------------------------
    # Reminders (cron)
    # ------------------------------------------------------------------

    def _xs_lagging(self, today):
        """Commitments behind schedule: in the last weeks of the implementation phase, less
        fulfilled than the share of the phase already gone by."""
        lagging = self.browse()
        for commitment in self.filtered(lambda c: c.state == "confirmed"):
            phase = commitment.campaign_id.phase_ids.filtered(
                lambda p: p.phase_type == "implementation"
            )[:1]
            if not phase or not (
                phase.date_end - relativedelta(days=REMINDER_DAYS_BEFORE_END)
                <= today
                <= phase.date_end
            ):
                continue
            length = max((phase.date_end - phase.date_start).days, 1)
            elapsed = min(max((today - phase.date_start).days, 0), length)
            if commitment.fulfilment_rate < 100.0 * elapsed / length:
                lagging |= commitment
        return lagging

    @api.model
    def _cron_remind_lagging(self):
        """Activity for the county contact and an email to the buyer, at most weekly."""
        today = xs_today(self.env)
        commitments = self.search(
            [
                ("state", "=", "confirmed"),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<=", today - relativedelta(days=7)),
            ]
        )
        lagging = commitments._xs_lagging(today)
        template = self.env.ref("xs_consumption.mail_template_commitment_reminder")
        for commitment in lagging:
            user = commitment.user_id or self.env.ref("base.user_admin")
            # In the county contact's language: the job runs in the scheduler's.
            user_env = commitment.with_context(lang=user.lang or self.env.lang).env
            commitment.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=user_env._("Buyer behind its commitment"),
                note=user_env._(
                    "%(buyer)s has fulfilled %(rate).0f%% of its commitment %(name)s.",
                    buyer=commitment.buyer_id.name,
                    rate=commitment.fulfilment_rate,
                    name=commitment.name,
                ),
            )
            # In the buyer's language (as the template says; databases made before it said
            # so keep their template: noupdate).
            commitment.with_context(lang=commitment.buyer_id.lang).message_post_with_source(
                template, subtype_xmlid="mail.mt_comment"
            )
        xs_workflow_write(lagging, {"last_reminder_date": today})
        return lagging


class XsBuyerCommitmentLine(models.Model):
    _name = "xs.buyer.commitment.line"
    _description = "Buyer Commitment Line"

    commitment_id = fields.Many2one(
        "xs.buyer.commitment", required=True, ondelete="cascade", index=True
    )
    declaration_id = fields.Many2one(
        "xs.surplus.declaration",
        string="Catalogue Entry",
        ondelete="restrict",
        domain=[("state", "in", ("listed", "sold_out"))],
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(digits="Product Unit of Measure")
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("declaration_id")
    def _compute_product_id(self):
        for line in self:
            if line.declaration_id:
                line.product_id = line.declaration_id.product_id
                line.uom_id = line.declaration_id.uom_id
            elif not line.uom_id and line.product_id:
                line.uom_id = line.product_id.uom_id
