from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.xs_consumption.models.xs_filed_return import RETURN_KINDS
from odoo.addons.xs_consumption.tools import xs_today

from ..report.xlsx_common import ReturnOptions

# Return kind -> (report action, file name prefix as the bureau names the form).
REPORTS = {
    "summary": ("xs_reporting.action_report_summary_return", "消费帮扶工作情况汇总表"),
    "statistics": ("xs_reporting.action_report_surplus_statistics", "需要帮助销售农产品情况统计表"),
    "farmer_benefit": ("xs_reporting.action_report_farmer_benefit", "消费帮扶带动农户增收情况表"),
    "catalogue": ("xs_reporting.action_report_catalogue", "消费帮扶农产品目录"),
}


class XsReturnWizard(models.TransientModel):
    """R14, R22: choose what a return covers (campaign, period, townships, actions, unit),
    print it, or *File* it: the file is stored on the campaign with its period, who and
    when, and the period is locked (xs.filed.return)."""

    _name = "xs.return.wizard"
    _description = "Return Wizard"

    campaign_id = fields.Many2one(
        "xs.campaign",
        required=True,
        default=lambda self: self._default_campaign_id(),
    )
    kind = fields.Selection(RETURN_KINDS, string="Return", required=True, default="summary")
    date_from = fields.Date(string="Period From", required=True)
    date_to = fields.Date(string="Period To", required=True)
    township_ids = fields.Many2many("xs.township", string="Townships", help="Empty: all.")
    action_ids = fields.Many2many(
        "xs.campaign.action",
        string="Actions",
        domain="[('campaign_id', '=', campaign_id)]",
        help="Empty: all. For the catalogue: the channels it is sent to.",
    )
    unit = fields.Selection(
        [("yuan", "CNY"), ("wan", "10,000 CNY")], string="Money Unit", required=True, default="yuan"
    )
    recommended_only = fields.Boolean(
        help="Catalogue: only the entries recommended upward (city, bureau, eastern provinces)."
    )
    can_file = fields.Boolean(compute="_compute_can_file")

    @api.model
    def _default_campaign_id(self):
        if self.env.context.get("active_model") == "xs.campaign":
            return self.env.context.get("active_id")
        return self.env["xs.campaign"].search([], limit=1).id

    @api.onchange("campaign_id")
    def _onchange_campaign_id(self):
        campaign = self.campaign_id
        if not campaign:
            return
        # The next period to file: from the day after the last filed one, up to today.
        last = max(campaign.filed_return_ids.mapped("date_to"), default=None)
        self.date_from = last + timedelta(days=1) if last else campaign.date_start
        self.date_to = min(xs_today(self.env), campaign.date_end)

    # Depends on the campaign too: the form's first onchange fills the fields it shows that
    # have no default with False and recomputes only what depends on a field it set, so
    # with the user alone the File button stayed hidden until the wizard was saved.
    @api.depends("campaign_id")
    @api.depends_context("uid")
    def _compute_can_file(self):
        self.can_file = self.env.user.has_group("xs_consumption.xs_consumption_group_county_user")

    def _xs_data(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(_("The period ends before it starts."))
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "township_ids": self.township_ids.ids,
            "action_ids": self.action_ids.ids,
            "unit": self.unit,
            "recommended_only": self.recommended_only,
        }

    def action_print(self):
        """Download the return for the chosen period (nothing is filed or locked)."""
        self.ensure_one()
        report_ref, _prefix = REPORTS[self.kind]
        return self.env.ref(report_ref).report_action(self.campaign_id, data=self._xs_data())

    def action_file(self):
        """File the return upward in one step (the button asks to confirm first): store
        the rendered file on the campaign and lock the period (R22), then say so and open
        the campaign, where the return is listed for download under Filed Returns and
        "Reported Up To" shows the new date."""
        self.ensure_one()
        filed = self._xs_file()
        campaign = self.campaign_id
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": True,
                "title": _("Return filed upward"),
                "message": _(
                    "%(name)s is filed and its period is locked; figures of %(campaign)s "
                    "are reported up to %(date)s. Download the file under Filed Returns.",
                    name=filed.name,
                    campaign=campaign.name,
                    date=campaign.reported_up_to or filed.date_to,
                ),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "xs.campaign",
                    "res_id": campaign.id,
                    "views": [(False, "form")],
                    "target": "current",
                },
            },
        }

    def _xs_file(self):
        self.ensure_one()
        data = self._xs_data()
        report_ref, prefix = REPORTS[self.kind]
        FiledReturn = self.env["xs.filed.return"]
        # Lock the campaign first, then render on a snapshot taken after the lock: the
        # file holds every order confirmed before it, and none can be confirmed into the
        # period until this filing commits (R22, see _xs_filing_snapshot).
        with FiledReturn._xs_filing_snapshot(self.campaign_id) as env:
            campaign = self.campaign_id.with_env(env)
            content, _kind = env["ir.actions.report"]._render_xlsx(report_ref, campaign.ids, data)
            figures = None
            if self.kind == "summary":
                # The figures the file shows, kept for the bureau push (R19).
                figures = env["report.xs_reporting.summary_return_xlsx"]._xs_payload(
                    ReturnOptions(env, campaign, data)
                )
        file_name = f"{prefix}-{self.campaign_id.name}-{self.date_from}至{self.date_to}.xlsx"
        return FiledReturn._xs_file(
            self.campaign_id,
            self.kind,
            self.date_from,
            self.date_to,
            content,
            file_name,
            township_ids=[Command.set(self.township_ids.ids)],
            action_ids=[Command.set(self.action_ids.ids)],
            unit=self.unit,
            figures=figures,
        )
