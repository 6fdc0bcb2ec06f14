from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import format_date

from odoo.addons.xs_consumption.models.xs_surplus_declaration import VERIFIED_STATES
from odoo.addons.xs_consumption.report.xs_document_report import xs_report_values
from odoo.addons.xs_consumption.tools import xs_percent, xs_today


class XsCampaignBulletinReport(models.AbstractModel):
    """R29: the county's progress bulletin (工作进展通报) for a joint meeting: the campaign's
    counted figures by action against its targets, by township against its declared
    surplus and by buyer channel, each with a bar. Every figure is the counted line's (the
    one owner of counted amounts) or a campaign field's; only sums reach the document."""

    _name = "report.xs_reporting.report_xs_campaign_bulletin"
    _description = "Campaign Progress Bulletin"

    @api.model
    def _xs_bulletin(self, campaign):
        # sudo: a figure of the campaign is the same for every role that may print it;
        # no line leaves this method, only sums.
        Counted_sudo = self.env["xs.counted.line"].sudo()
        domain = [("campaign_id", "=", campaign.id)]
        by_action = Counted_sudo._xs_amounts_by(domain, "action_id")
        actions = [
            {
                "name": action.name,
                "target": action.sudo().target_amount,
                "counted": by_action[action.id]["counted"],
                "orders": by_action[action.id]["orders"],
            }
            for action in campaign.action_ids.sorted("sequence")
        ]
        by_township = Counted_sudo._xs_amounts_by(domain, "township_id")
        surplus = {
            township.id: value
            for township, value in self.env["xs.surplus.declaration"]
            .sudo()
            ._read_group(
                [("campaign_id", "=", campaign.id), ("state", "in", VERIFIED_STATES)],
                ["township_id"],
                ["amount_total:sum"],
            )
        }
        township_ids = set(surplus) | {tid for tid in by_township if tid}
        townships = [
            {
                "name": township.name,
                "surplus": surplus.get(township.id, 0.0),
                "counted": by_township[township.id]["counted"],
            }
            for township in self.env["xs.township"]
            .sudo()
            .browse(sorted(township_ids))
            .sorted(lambda t: (t.sequence, t.id))
        ]
        categories = dict(Counted_sudo._fields["buyer_category"]._description_selection(self.env))
        channels = sorted(
            (
                {"name": categories.get(category) or self.env._("Other"), "counted": counted}
                for category, counted in Counted_sudo._read_group(
                    domain, ["buyer_category"], ["amount_counted:sum"]
                )
            ),
            key=lambda row: -row["counted"],
        )
        campaign_sudo = campaign.sudo()
        for rows, base in (
            (actions, "target"),
            (townships, "surplus"),
        ):
            for row in rows:
                row["rate"] = xs_percent(row["counted"], row[base])
        channel_total = sum(row["counted"] for row in channels)
        for row in channels:
            row["rate"] = xs_percent(row["counted"], channel_total)
        return {
            "campaign": campaign,
            "date": format_date(self.env, xs_today(self.env)),
            "target": campaign_sudo.target_amount,
            "counted": campaign_sudo.xs_amount_counted,
            "progress": campaign_sudo.xs_progress,
            "surplus": campaign_sudo.xs_surplus_value,
            "surplus_sold": campaign_sudo.xs_surplus_sold_value,
            "surplus_rate": campaign_sudo.xs_surplus_sold_rate,
            "buyers": campaign_sudo.xs_buyer_count,
            "households": campaign_sudo.xs_households_reached,
            "poverty_households": campaign_sudo.xs_poverty_households_reached,
            "monitored_households": campaign_sudo.xs_monitored_households_reached,
            "actions": actions,
            "townships": townships,
            "channels": channels,
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        # The whole county's figures: the joint meeting's members (lead departments, finance,
        # county staff), as the report's menu entry; checked here for direct calls too.
        user = self.env.user
        if not (
            user.has_group("xs_consumption.xs_consumption_group_lead_department")
            or user.has_group("xs_consumption.xs_consumption_group_finance")
        ):
            raise AccessError(
                self.env._(
                    "Only county staff, lead departments and finance print the progress bulletin."
                )
            )
        return xs_report_values(
            self.env,
            "xs.campaign",
            docids,
            lambda docs: {"bulletins": [self._xs_bulletin(campaign) for campaign in docs]},
        )
