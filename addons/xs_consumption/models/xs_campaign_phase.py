from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import xs_today

PHASE_TYPES = [
    ("preparation", "Preparation"),
    ("implementation", "Implementation"),
    ("summary", "Summary"),
]


class XsCampaignPhase(models.Model):
    """A phase of a campaign (R1). Open by its dates unless the county closed it early
    or reopened it."""

    _name = "xs.campaign.phase"
    _description = "Campaign Phase"
    _inherit = ["mail.thread"]
    _order = "campaign_id, date_start, id"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    campaign_id = fields.Many2one("xs.campaign", required=True, ondelete="cascade", index=True)
    phase_type = fields.Selection(PHASE_TYPES, required=True)
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    override = fields.Selection(
        [("dates", "By Dates"), ("closed", "Closed Early"), ("open", "Reopened")],
        string="Status Override",
        required=True,
        default="dates",
        tracking=True,
        help="By Dates: open from start to end date. Closed Early: closed whatever the "
        "dates say. Reopened: open whatever the dates say.",
    )
    is_open = fields.Boolean(compute="_compute_is_open", search="_search_is_open", string="Open")
    status = fields.Selection(
        [("upcoming", "Upcoming"), ("open", "Open"), ("closed", "Closed")],
        compute="_compute_is_open",
    )

    _sql_constraints = [
        ("type_uniq", "unique(campaign_id, phase_type)", "A campaign has each phase once."),
    ]

    @api.depends("phase_type")
    def _compute_name(self):
        labels = dict(self._fields["phase_type"]._description_selection(self.env))
        for phase in self:
            if not phase.name and phase.phase_type:
                phase.name = labels[phase.phase_type]

    @api.depends("override", "date_start", "date_end")
    @api.depends_context("xs_today")
    def _compute_is_open(self):
        today = self._xs_today()
        for phase in self:
            if phase.override == "open":
                phase.is_open = True
            elif phase.override == "closed":
                phase.is_open = False
            else:
                phase.is_open = bool(
                    phase.date_start
                    and phase.date_end
                    and phase.date_start <= today <= phase.date_end
                )
            if phase.is_open:
                phase.status = "open"
            elif phase.override == "dates" and phase.date_start and today < phase.date_start:
                phase.status = "upcoming"
            else:
                phase.status = "closed"

    def _search_is_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on open phases."))
        today = self._xs_today()
        open_domain = [
            "|",
            ("override", "=", "open"),
            "&",
            "&",
            ("override", "=", "dates"),
            ("date_start", "<=", today),
            ("date_end", ">=", today),
        ]
        ids = self._search(open_domain)
        wants_open = (operator == "=") == value
        return [("id", "in" if wants_open else "not in", ids)]

    @api.model
    def _xs_today(self):
        return xs_today(self.env)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for phase in self:
            if phase.date_end < phase.date_start:
                raise ValidationError(
                    _(
                        "Phase %(phase)s of %(campaign)s ends before it starts.",
                        phase=phase.name,
                        campaign=phase.campaign_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_campaign_with_data(self):
        """R22: once a campaign holds declarations or orders, its phases are the windows
        they were made in: they can be closed or redated, not deleted."""
        counts = self.env["sale.order"]._xs_order_counts("xs_campaign_id", self.campaign_id)
        used = self.filtered(lambda p: counts.get(p.campaign_id) or p.campaign_id.declaration_ids)
        if used:
            raise UserError(
                _(
                    "The phases of %(campaigns)s cannot be deleted: the campaign holds "
                    "declarations or orders. Close or redate the phase instead.",
                    campaigns=", ".join(used.campaign_id.mapped("name")),
                )
            )

    def action_close(self):
        """Close the phase now, before its end date."""
        self.write({"override": "closed"})

    def action_reopen(self):
        """Reopen a phase whatever its dates say (e.g. late declarations)."""
        self.write({"override": "open"})

    def action_follow_dates(self):
        self.write({"override": "dates"})
