from odoo import api, fields, models

from odoo.addons.xs_consumption.models.xs_surplus_declaration import VERIFIED_STATES
from odoo.addons.xs_consumption.tools import xs_percent


class XsCampaign(models.Model):
    """R13 progress of a campaign at a glance: target against actuals, share of the
    declared surplus sold, buyers and farmer households reached."""

    _inherit = "xs.campaign"

    # The county's figures: internal users only (groups=), portal users read campaign names.
    xs_amount_counted = fields.Monetary(
        compute="_compute_xs_progress",
        groups="base.group_user",
        string="Achieved",
        currency_field="currency_id",
    )
    xs_progress = fields.Float(
        compute="_compute_xs_progress", groups="base.group_user", string="Progress (%)"
    )
    xs_amount_catalogue = fields.Monetary(
        compute="_compute_xs_progress",
        groups="base.group_user",
        string="Achieved from Unsold Produce",
        currency_field="currency_id",
    )
    xs_buyer_count = fields.Integer(
        compute="_compute_xs_progress", groups="base.group_user", string="Buyers"
    )
    xs_surplus_value = fields.Monetary(
        compute="_compute_xs_surplus",
        groups="base.group_user",
        string="Declared Surplus",
        currency_field="currency_id",
        help="Value of the verified declarations (listed, sold out and closed included).",
    )
    xs_surplus_sold_value = fields.Monetary(
        compute="_compute_xs_surplus",
        groups="base.group_user",
        string="Surplus Sold",
        currency_field="currency_id",
    )
    xs_surplus_sold_rate = fields.Float(
        compute="_compute_xs_surplus", groups="base.group_user", string="Share of Surplus Sold (%)"
    )
    xs_households_reached = fields.Integer(
        compute="_compute_xs_surplus",
        groups="base.group_user",
        string="Households Reached",
        help="Households linked to the declarations that sold something.",
    )
    xs_poverty_households_reached = fields.Integer(
        compute="_compute_xs_surplus",
        groups="base.group_user",
        string="Poverty-Alleviated Households Reached",
    )
    xs_monitored_households_reached = fields.Integer(
        compute="_compute_xs_surplus",
        groups="base.group_user",
        string="Monitored Households Reached",
    )

    # R29: how many townships filed their summary.
    xs_summary_count = fields.Integer(
        compute="_compute_xs_summary_counts", groups="base.group_user", string="Summaries"
    )
    xs_summary_filed_count = fields.Integer(
        compute="_compute_xs_summary_counts", groups="base.group_user", string="Summaries Filed"
    )

    # R13: what the user's own townships achieved (township staff); the campaign has no
    # township targets, so the matching yardstick is the townships' own declared surplus.
    xs_scope_label = fields.Char(
        compute="_compute_xs_scope", string="My Townships", groups="base.group_user"
    )
    xs_scope_amount_counted = fields.Monetary(
        compute="_compute_xs_scope",
        string="Achieved in My Townships",
        currency_field="currency_id",
        groups="base.group_user",
        help="Sales counted for the produce of your townships (untaxed).",
    )
    xs_scope_surplus_value = fields.Monetary(
        compute="_compute_xs_scope",
        string="Declared Surplus of My Townships",
        currency_field="currency_id",
        groups="base.group_user",
    )
    xs_scope_surplus_sold_rate = fields.Float(
        compute="_compute_xs_scope",
        string="Share of My Townships' Surplus Sold (%)",
        groups="base.group_user",
    )

    def _compute_xs_summary_counts(self):
        groups = {
            (campaign.id, state): count
            for campaign, state, count in self.env["xs.township.summary"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
            )
        }
        for campaign in self:
            filed = groups.get((campaign.id, "filed"), 0)
            campaign.xs_summary_filed_count = filed
            campaign.xs_summary_count = filed + groups.get((campaign.id, "draft"), 0)

    def action_xs_township_summaries(self):
        """R29: the county's tracker of the townships' summaries (prepared for every
        township the first time it is opened by county staff)."""
        self.ensure_one()
        if self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            self.env["xs.township.summary"]._xs_prepare(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "xs_reporting.xs_township_summary_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def _compute_xs_progress(self):
        # The campaign's figure is the same for every role that may open the campaign
        # (a township user sees the county's total, as on the actions): sudo on the one
        # owner of counted amounts; only sums leave this method.
        Counted_sudo = self.env["xs.counted.line"].sudo()
        totals = {
            campaign.id: (counted, buyers)
            for campaign, counted, buyers in Counted_sudo._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id"],
                ["amount_counted:sum", "buyer_id:count_distinct"],
            )
        }
        catalogue = {
            campaign.id: counted
            for campaign, counted in Counted_sudo._read_group(
                [("campaign_id", "in", self.ids), ("is_catalogue", "=", True)],
                ["campaign_id"],
                ["amount_counted:sum"],
            )
        }
        for campaign in self:
            counted, buyers = totals.get(campaign.id, (0.0, 0))
            campaign.xs_amount_counted = counted
            campaign.xs_buyer_count = buyers
            campaign.xs_amount_catalogue = catalogue.get(campaign.id, 0.0)
            campaign.xs_progress = xs_percent(counted, campaign.target_amount)

    def _compute_xs_surplus(self):
        # Whole county, like the progress above (targets are the county's): sudo, so a
        # township user's record rule does not turn the same label into a scoped figure;
        # its own townships' figures are the xs_scope_* fields. Only sums leave.
        Declaration_sudo = self.env["xs.surplus.declaration"].sudo()
        domain = [("campaign_id", "in", self.ids), ("state", "in", VERIFIED_STATES)]
        surplus = {
            campaign.id: (value, sold)
            for campaign, value, sold in Declaration_sudo._read_group(
                domain, ["campaign_id"], ["amount_total:sum", "amount_ordered:sum"]
            )
        }
        reached = {
            campaign.id: (households, poverty, monitored)
            for campaign, households, poverty, monitored in Declaration_sudo._read_group(
                domain + [("qty_ordered", ">", 0)],
                ["campaign_id"],
                [
                    "household_count:sum",
                    "poverty_household_count:sum",
                    "monitored_household_count:sum",
                ],
            )
        }
        for campaign in self:
            value, sold = surplus.get(campaign.id, (0.0, 0.0))
            households, poverty, monitored = reached.get(campaign.id, (0, 0, 0))
            campaign.xs_surplus_value = value
            campaign.xs_surplus_sold_value = sold
            campaign.xs_surplus_sold_rate = xs_percent(sold, value)
            campaign.xs_households_reached = households
            campaign.xs_poverty_households_reached = poverty
            campaign.xs_monitored_households_reached = monitored

    def action_xs_sales_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "xs_reporting.xs_sales_analysis_action"
        )
        action["context"] = {"search_default_campaign_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Figures of the user's own scope (township staff), beside the county's
    # ------------------------------------------------------------------

    def _xs_scope_townships(self):
        """The townships a township user's figures cover; empty for county-wide roles."""
        user = self.env.user
        if user.has_group("xs_consumption.xs_consumption_group_county_user") or not user.has_group(
            "xs_consumption.xs_consumption_group_township_user"
        ):
            return self.env["xs.township"]
        return user.xs_township_ids

    @api.depends_context("uid")
    def _compute_xs_scope(self):
        townships = self._xs_scope_townships()
        self.xs_scope_label = ", ".join(townships.mapped("name"))
        if not townships:
            self.xs_scope_amount_counted = self.xs_scope_surplus_value = 0.0
            self.xs_scope_surplus_sold_rate = 0.0
            return
        # sudo: sums of the user's own townships only (the domain), read from the one owner
        # of counted amounts and from the declarations.
        counted = {
            campaign.id: amount
            for campaign, amount in self.env["xs.counted.line"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids), ("township_id", "in", townships.ids)],
                ["campaign_id"],
                ["amount_counted:sum"],
            )
        }
        surplus = {
            campaign.id: (value, sold)
            for campaign, value, sold in self.env["xs.surplus.declaration"]
            .sudo()
            ._read_group(
                [
                    ("campaign_id", "in", self.ids),
                    ("state", "in", VERIFIED_STATES),
                    ("township_id", "in", townships.ids),
                ],
                ["campaign_id"],
                ["amount_total:sum", "amount_ordered:sum"],
            )
        }
        for campaign in self:
            value, sold = surplus.get(campaign.id, (0.0, 0.0))
            campaign.xs_scope_amount_counted = counted.get(campaign.id, 0.0)
            campaign.xs_scope_surplus_value = value
            campaign.xs_scope_surplus_sold_rate = xs_percent(sold, value)
