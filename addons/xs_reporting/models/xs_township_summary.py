import hashlib
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.xs_consumption.tools import xs_check_workflow_vals, xs_today, xs_workflow_write

from ..report.xlsx_common import ReturnOptions

# Written by the filing only: what was filed stays as filed.
FILED_FIELDS = {"state", "figures", "attachment_id", "checksum", "filed_by_id", "filed_date"}
# What the township writes, until it files.
ACCOUNT_FIELDS = {"account", "case_ids"}


class XsTownshipSummary(models.Model):
    """R29, the summary phase (plan l.57-59, 「梳理总结并报送」): each township files its
    summary of the campaign: its figures (the summary return's row of the township,
    computed from the counted lines, never typed), a written account and its typical cases.
    Filing keeps the township's return as filed, byte for byte, with its figures; the
    county follows which townships have filed and which are late."""

    _name = "xs.township.summary"
    _description = "Township Summary"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "campaign_id desc, state, township_id"
    _rec_name = "township_id"

    campaign_id = fields.Many2one(
        "xs.campaign", required=True, index=True, readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    township_id = fields.Many2one(
        "xs.township", required=True, index=True, readonly=True, ondelete="restrict"
    )
    account = fields.Html(
        string="Written Account",
        help="What the township did, what it sold and for whom, what worked and what is left.",
    )
    case_ids = fields.Many2many(
        "xs.case",
        string="Typical Cases",
        domain="[('campaign_id', '=', campaign_id), ('township_id', '=', township_id)]",
    )
    state = fields.Selection(
        [("draft", "To File"), ("filed", "Filed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    deadline = fields.Date(compute="_compute_deadline", help="End of the summary phase.")
    is_late = fields.Boolean(compute="_compute_deadline", search="_search_is_late", string="Late")
    amount_counted = fields.Monetary(
        compute="_compute_amounts",
        string="Sold",
        help="What the township's produce sold in the campaign, on its counting basis: "
        "the summary return's row of the township (as filed, once filed).",
    )
    amount_unsold = fields.Monetary(
        compute="_compute_amounts",
        string="Of Which Unsold Produce",
    )
    figures = fields.Json(readonly=True, help="The township's return as filed.")
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="restrict")
    datas = fields.Binary(related="attachment_id.datas", string="Filed Return")
    file_name = fields.Char(related="attachment_id.name")
    checksum = fields.Char(readonly=True)
    filed_by_id = fields.Many2one("res.users", readonly=True)
    filed_date = fields.Datetime(string="Filed On", readonly=True)

    _sql_constraints = [
        (
            "township_uniq",
            "unique(campaign_id, township_id)",
            "A township files one summary of a campaign.",
        )
    ]

    @api.depends("campaign_id.phase_ids.date_end", "state")
    @api.depends_context("xs_today")
    def _compute_deadline(self):
        today = xs_today(self.env)
        for summary in self:
            phase = summary.campaign_id.phase_ids.filtered(lambda p: p.phase_type == "summary")
            summary.deadline = phase[:1].date_end or summary.campaign_id.date_end
            summary.is_late = summary.state != "filed" and bool(
                summary.deadline and today > summary.deadline
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on late summaries."))
        today = xs_today(self.env)
        overdue = self.env["xs.campaign.phase"]._search(
            [("phase_type", "=", "summary"), ("date_end", "<", today)]
        )
        late = [("state", "!=", "filed"), ("campaign_id.phase_ids", "any", [("id", "in", overdue)])]
        return late if (operator == "=") == value else ["!", *late]

    @api.depends("state", "figures")
    def _compute_amounts(self):
        for summary in self:
            figures = summary._xs_figures() if summary.state != "filed" else summary.figures
            rows = (figures or {}).get("rows", [])
            summary.amount_counted = sum(row["amount"] for row in rows)
            summary.amount_unsold = sum(row["unsold_produce"] for row in rows)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            xs_check_workflow_vals(self, vals, FILED_FIELDS, creating=True)
        summaries = super().create(vals_list)
        summaries._xs_check_township_user()
        return summaries

    def write(self, vals):
        xs_check_workflow_vals(self, vals, FILED_FIELDS | {"campaign_id", "township_id"})
        if ACCOUNT_FIELDS & set(vals):
            self._xs_check_township_user()
            if any(summary.state == "filed" for summary in self):
                raise UserError(_("A filed summary is kept as filed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_filed(self):
        if any(summary.state == "filed" for summary in self):
            raise UserError(_("A filed summary is kept as filed."))

    def _xs_check_township_user(self):
        """The township's own staff (or county staff) write and file its summary."""
        user = self.env.user
        if self.env.su or user.has_group("xs_consumption.xs_consumption_group_county_user"):
            return
        if any(summary.township_id not in user.xs_township_ids for summary in self):
            raise AccessError(_("Only the township's own staff write and file its summary."))

    def _xs_options(self):
        self.ensure_one()
        campaign = self.campaign_id
        return {
            "date_from": str(campaign.date_start),
            "date_to": str(min(xs_today(self.env), campaign.date_end)),
            "township_ids": self.township_id.ids,
        }

    def _xs_figures(self):
        """The township's row of the summary return, as the return computes it (its one
        owner), from the campaign's start to today."""
        self.ensure_one()
        if not self.campaign_id or not self.township_id:
            return {}
        report = self.env["report.xs_reporting.summary_return_xlsx"]
        # sudo: a township's own figures, read for its own summary (the user's rules would
        # give the same rows; the county's lead-department rule would narrow them).
        options = ReturnOptions(self.env, self.campaign_id.sudo(), self._xs_options())
        return report.sudo()._xs_payload(options)

    def action_file(self):
        """File the summary: its figures and the township's summary return are kept as
        they are now; the account and cases can no longer change."""
        self._xs_check_township_user()
        for summary in self:
            if summary.state == "filed":
                raise UserError(_("%(name)s is already filed.", name=summary.display_name))
            if not summary.campaign_id.phase_ids.filtered(
                lambda p: p.phase_type == "summary" and p.is_open
            ):
                raise UserError(
                    _(
                        "%(campaign)s is not in its summary phase: summaries are filed then.",
                        campaign=summary.campaign_id.name,
                    )
                )
            if not summary.account or not summary.account.striptags().strip():
                raise UserError(_("Write the township's account of the campaign before filing it."))
            figures = summary._xs_figures()
            content, _kind = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_xlsx(
                    "xs_reporting.summary_return_xlsx",
                    summary.campaign_id.ids,
                    summary._xs_options(),
                )
            )
            # sudo: the attachment belongs to the filed summary; no role writes it after.
            attachment_sudo = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": _(
                            "Summary of %(township)s.xlsx", township=summary.township_id.name
                        ),
                        "raw": content,
                        "res_model": self._name,
                        "res_id": summary.id,
                    }
                )
            )
            xs_workflow_write(
                summary,
                {
                    "state": "filed",
                    "figures": figures,
                    "attachment_id": attachment_sudo.id,
                    "checksum": hashlib.sha256(content).hexdigest(),
                    "filed_by_id": self.env.uid,
                    "filed_date": fields.Datetime.now(),
                },
            )
            summary.message_post(body=_("Summary filed with the township's return."))
        return True

    @api.model
    def _cron_xs_summary_deadline(self):
        """R28: three days before the summary phase closes, the staff of every township
        that has not filed its summary are told (summaries prepared first, so none is
        forgotten)."""
        in_three_days = xs_today(self.env) + timedelta(days=3)
        phases_sudo = (
            self.env["xs.campaign.phase"]
            .sudo()
            .search([("phase_type", "=", "summary"), ("date_end", "=", in_three_days)])
        )
        late = self.browse()
        for campaign in phases_sudo.campaign_id:
            self.sudo()._xs_prepare_all(campaign)
            late |= self.sudo().search(
                [("campaign_id", "=", campaign.id), ("state", "!=", "filed")]
            )
        for summary in late:
            users = summary.township_id.user_ids.filtered(lambda u: u.active and not u.share)
            summary._xs_notify(
                users.partner_id,
                lambda s: (
                    s.env._("File your township's summary by %(date)s", date=s.deadline),
                    s.env._(
                        "The summary phase of %(campaign)s closes on %(date)s: write and file "
                        "the summary of %(township)s.",
                        campaign=s.campaign_id.name,
                        date=s.deadline,
                        township=s.township_id.name,
                    ),
                ),
            )
        return late

    @api.model
    def _xs_prepare(self, campaign):
        """One summary to file per active township of ``campaign`` (those missing only):
        the county's tracker lists them all, filed or not."""
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            raise AccessError(_("County staff prepare the townships' summaries."))
        return self._xs_prepare_all(campaign)

    @api.model
    def _xs_prepare_all(self, campaign):
        existing = self.search([("campaign_id", "=", campaign.id)]).township_id
        townships = self.env["xs.township"].search([("id", "not in", existing.ids)])
        # sudo: county staff prepare every township's summary; each is then written and
        # filed by its township.
        return self.sudo().create(
            [{"campaign_id": campaign.id, "township_id": t.id} for t in townships]
        )
