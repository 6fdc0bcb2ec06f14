from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import xs_kept_by_orders, xs_open_action


class XsCampaign(models.Model):
    """A consumption-assistance campaign (集中行动) with its phases and actions (R1, R2)."""

    _name = "xs.campaign"
    _description = "Consumption Assistance Campaign"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(string="Document Number", help="e.g. 秀乡振发〔2022〕33号")
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    description = fields.Html()
    # Portal users read campaigns (names, whether ordering is open), not their phases.
    phase_ids = fields.One2many(
        "xs.campaign.phase",
        "campaign_id",
        string="Phases",
        copy=True,
        groups="base.group_user",
    )
    action_ids = fields.One2many("xs.campaign.action", "campaign_id", string="Actions", copy=True)
    current_phase_id = fields.Many2one(
        "xs.campaign.phase", compute="_compute_current_phase_id", groups="base.group_user"
    )
    # compute_sudo: whether a phase is open is public, the phases themselves are not.
    preparation_open = fields.Boolean(
        compute="_compute_phase_open",
        compute_sudo=True,
        help="Surplus declarations can be created and submitted.",
    )
    implementation_open = fields.Boolean(
        compute="_compute_phase_open", compute_sudo=True, help="Orders and commitments count."
    )
    # The county's figures are internal (groups=): portal users read campaign names.
    target_amount = fields.Monetary(
        compute="_compute_target_amount",
        string="Target",
        currency_field="currency_id",
        groups="base.group_user",
    )
    count_basis = fields.Selection(
        [
            ("ordered", "Ordered"),
            ("delivered", "Delivered"),
            ("invoiced", "Invoiced"),
            ("paid", "Paid"),
        ],
        string="Count Sales When",
        required=True,
        default="ordered",
        tracking=True,
        help="When a purchase counts in fulfilment and returns: once ordered, delivered, "
        "invoiced or paid (upper-level statistics often count it only once paid).",
    )
    lock_date = fields.Date(
        string="Locked Up To",
        tracking=True,
        copy=False,
        help="Figures up to this date were reported upward (R22): orders, deliveries, "
        "invoices and payments dated on or before it can no longer be confirmed, posted, "
        "cancelled or changed, and declarations verified by then can no longer be sent back. "
        "Only the county administrator moves it.",
    )
    reported_up_to = fields.Date(
        compute="_compute_reported_up_to",
        groups="base.group_user",
        help="Every figure from the campaign's start up to this date was reported upward, by "
        "the returns filed for its periods or the administrator's lock; those days are "
        "locked (R22).",
    )
    can_lock = fields.Boolean(compute="_compute_can_lock")
    declaration_ids = fields.One2many(
        "xs.surplus.declaration", "campaign_id", groups="base.group_user"
    )
    filed_return_ids = fields.One2many(
        "xs.filed.return",
        "campaign_id",
        string="Filed Returns",
        readonly=True,
        groups="base.group_user",
    )
    declaration_count = fields.Integer(
        compute="_compute_declaration_count", groups="base.group_user"
    )

    def write(self, vals):
        if "lock_date" in vals and not self.env.user.has_group(
            "xs_consumption.xs_consumption_group_admin"
        ):
            raise AccessError(_("Only the county administrator locks or unlocks reported periods."))
        if "count_basis" in vals:
            self._xs_check_basis_change(vals["count_basis"])
        return super().write(vals)

    def _xs_check_basis_change(self, basis):
        """The counting basis of a campaign is fixed once a period of it was reported
        (R22): a filed figure is what was counted on that basis, and the periods after it
        must add up with it. Filed files keep their bytes either way; this keeps the figures
        on screen and in later returns consistent with them."""
        # sudo: the filed periods bind every role (as in _xs_is_locked).
        reported_sudo = self.sudo().filtered(
            lambda c: c.count_basis != basis and (c.lock_date or c.filed_return_ids)
        )
        if reported_sudo:
            labels = dict(self._fields["count_basis"]._description_selection(self.env))
            raise UserError(
                _(
                    "Figures of campaign %(campaign)s were already reported upward on the "
                    'basis "%(basis)s": the counting basis can no longer change, or the '
                    "filed figures and the later ones would not add up. Start a new campaign "
                    "to count on another basis.",
                    campaign=reported_sudo[0].name,
                    basis=labels[reported_sudo[0].count_basis],
                )
            )

    @api.depends(
        "date_start", "lock_date", "filed_return_ids.date_from", "filed_return_ids.date_to"
    )
    def _compute_reported_up_to(self):
        day = relativedelta(days=1)
        for campaign in self:
            # sudo: the periods filed are a fact of the campaign (as in _xs_is_locked).
            periods = sorted((f.date_from, f.date_to) for f in campaign.sudo().filed_return_ids)
            reached = campaign.lock_date or campaign.date_start - day
            for start, end in periods:
                if start > reached + day:
                    break  # a gap: the days after it are not all reported
                reached = max(reached, end)
            campaign.reported_up_to = reached if reached >= campaign.date_start else False

    @api.depends_context("uid")
    def _compute_can_lock(self):
        self.can_lock = self.env.user.has_group("xs_consumption.xs_consumption_group_admin")

    def _xs_is_locked(self, day):
        """True when ``day`` (county calendar) falls in a period already reported: up to
        the administrator's lock date, or in the period of a return filed upward (R22).
        The one owner of "is this date locked": every period check calls it.

        Concurrency (R22): the check shares the campaign row with ``FOR SHARE`` before it
        reads. Checks (confirmations, cancellations...) do not block each other, but a
        filing (``xs.filed.return._xs_lock_for_filing``) first locks the row ``FOR NO KEY
        UPDATE`` and updates it, so: a check made while a filing is under way waits for it;
        a check whose snapshot predates a filing committed meanwhile gets a serialization
        failure, and Odoo retries the request on a fresh snapshot that sees the filed
        period; and a filing waits for the documents being checked to commit, then renders
        its file on a snapshot that includes them. Nothing that checks the lock may update
        the campaign row (two share-holders upgrading would deadlock): campaigns have no
        stored field computed from orders, declarations or purchases."""
        self.ensure_one()
        if not day:
            return False
        self.env.cr.execute("SELECT id FROM xs_campaign WHERE id = %s FOR SHARE", [self.id])
        if self.lock_date and day <= self.lock_date:
            return True
        # sudo: the periods filed are a fact of the campaign every role is bound by.
        return any(
            filed.date_from <= day <= filed.date_to for filed in self.sudo().filed_return_ids
        )

    def _xs_check_period_open(self, day, document):
        """R22: refuse ``document`` (a label naming it), whose figure counts on ``day``
        (county calendar), when ``day`` lies in a reported period of the campaign: a filed
        figure never moves; a correction is a new document of the next open period. For
        the documents counted by their own event (deliveries, invoices, payments)."""
        for campaign in self:
            if not campaign._xs_is_locked(day):
                continue
            # sudo: the periods filed are a fact of the campaign every role is bound by.
            periods = [(f.date_from, f.date_to) for f in campaign.sudo().filed_return_ids]
            if campaign.lock_date:
                periods.append((min(day, campaign.date_start), campaign.lock_date))
            start, end = next((a, b) for a, b in periods if a <= day <= b)
            # The next open day: past this period and any filed period adjoining it.
            following = end + relativedelta(days=1)
            while any(a <= following <= b for a, b in periods):
                following = max(b for a, b in periods if a <= following <= b)
                following += relativedelta(days=1)
            raise UserError(
                _(
                    "%(document)s would change the figures of %(campaign)s on %(date)s, in "
                    "the period %(start)s - %(end)s already filed upward. Date it in the next "
                    "open period (on or after %(next)s): a correction of a filed period is "
                    "recorded there, as a new document.",
                    document=document,
                    campaign=campaign.name,
                    date=day,
                    start=start,
                    end=end,
                    next=following,
                )
            )

    def _xs_channel_action(self, partner):
        """The campaign action through which buyer ``partner`` docks (its organisation's
        channel, R8): the one lookup of channel -> action."""
        self.ensure_one()
        channel = partner.commercial_partner_id.xs_channel
        if not channel:
            return self.env["xs.campaign.action"]
        # sudo: a portal buyer reads no actions; the action is attribution data only.
        action_sudo = self.sudo().action_ids.filtered(lambda a: a.action_type == channel)[:1]
        return action_sudo.sudo(False)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end < campaign.date_start:
                raise ValidationError(
                    _("Campaign %(name)s ends before it starts.", name=campaign.name)
                )

    @api.depends("phase_ids.is_open", "phase_ids.date_start")
    @api.depends_context("xs_today")
    def _compute_current_phase_id(self):
        for campaign in self:
            open_phases = campaign.phase_ids.filtered("is_open").sorted("date_start")
            # Phases may overlap (the plan's preparation ends as implementation starts):
            # the latest one that is open is the current one.
            campaign.current_phase_id = open_phases[-1:] if open_phases else False

    @api.depends("phase_ids.is_open", "phase_ids.phase_type")
    @api.depends_context("xs_today")
    def _compute_phase_open(self):
        for campaign in self:
            types = set(campaign.phase_ids.filtered("is_open").mapped("phase_type"))
            campaign.preparation_open = "preparation" in types
            campaign.implementation_open = "implementation" in types

    @api.depends("action_ids.target_amount")
    def _compute_target_amount(self):
        for campaign in self:
            campaign.target_amount = sum(campaign.action_ids.mapped("target_amount"))

    def _compute_declaration_count(self):
        groups = self.env["xs.surplus.declaration"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
        )
        counts = {campaign.id: count for campaign, count in groups}
        for campaign in self:
            campaign.declaration_count = counts.get(campaign.id, 0)

    def copy_data(self, default=None):
        """A copy is the next season: same structure, every date one year later (R1)."""
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        year = relativedelta(years=1)
        for campaign, vals in zip(self, vals_list, strict=True):
            if "name" not in default:
                vals["name"] = _("%s (next season)", campaign.name)
            for key in ("date_start", "date_end"):
                if key not in default:
                    vals[key] = campaign[key] + year
            for command in vals.get("phase_ids", []):
                phase_vals = command[2]
                for key in ("date_start", "date_end"):
                    if phase_vals.get(key):
                        phase_vals[key] = fields.Date.to_date(phase_vals[key]) + year
                phase_vals["override"] = "dates"
        return vals_list

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        """R22: the orders counted under a campaign keep it; so do its declarations and
        reported periods: archive the campaign instead."""
        used = xs_kept_by_orders(self, "xs_campaign_id", lambda r: r.declaration_ids or r.lock_date)
        if used:
            raise UserError(
                _(
                    "%(names)s cannot be deleted: it holds declarations or orders, or has reported "
                    "periods. Archive it instead.",
                    names=", ".join(used.mapped("name")),
                )
            )

    def action_view_declarations(self):
        self.ensure_one()
        return xs_open_action(
            self.env,
            "xs_consumption.xs_surplus_declaration_action",
            [("campaign_id", "=", self.id)],
            {"default_campaign_id": self.id},
        )
