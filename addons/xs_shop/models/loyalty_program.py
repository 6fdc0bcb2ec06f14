from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyProgram(models.Model):
    """R27, R12: the shop's 12.12, New Year and Spring Festival promotions are Odoo's
    promotion programs attached to the campaign's event: they run on the event's days and
    whoever funds them pays the discount as a subsidy (finance's reconciliation); the farmer
    is still paid the declared price."""

    _inherit = "loyalty.program"

    xs_event_id = fields.Many2one(
        "xs.event",
        string="Campaign Event",
        index="btree_not_null",
        ondelete="restrict",
        domain=[("state", "!=", "cancelled")],
        help="The campaign's event (12.12, New Year, Spring Festival...) this promotion "
        "belongs to (R12): it runs on the event's days and the orders it discounts count "
        "under the event.",
    )
    xs_funder_id = fields.Many2one(
        "res.partner",
        string="Subsidy Funded By",
        index="btree_not_null",
        ondelete="restrict",
        help="Who pays the discount instead of the buyer (the county's finance bureau, a "
        "partner city...): finance's reconciliation shows it as this funder's subsidy. "
        "Without one, the platform's company funds it.",
    )
    date_from = fields.Date(compute="_compute_xs_event_dates", store=True, readonly=False)
    date_to = fields.Date(compute="_compute_xs_event_dates", store=True, readonly=False)

    @api.depends("xs_event_id.date_start", "xs_event_id.date_end")
    def _compute_xs_event_dates(self):
        for program in self.filtered("xs_event_id"):
            program.date_from = program.xs_event_id.date_start
            program.date_to = program.xs_event_id.date_end

    @api.constrains("xs_event_id", "xs_funder_id", "date_from", "date_to")
    def _check_xs_event(self):
        for program in self.filtered("xs_event_id"):
            event = program.xs_event_id
            if not program.xs_funder_id:
                raise ValidationError(
                    _(
                        "%(program)s: say who funds the discount of %(event)s.",
                        program=program.name,
                        event=event.name,
                    )
                )
            if (
                not program.date_from
                or not program.date_to
                or program.date_from < event.date_start
                or program.date_to > event.date_end
            ):
                raise ValidationError(
                    _(
                        "%(program)s runs only within its event %(event)s, from %(start)s "
                        "to %(end)s.",
                        program=program.name,
                        event=event.name,
                        start=event.date_start,
                        end=event.date_end,
                    )
                )
        self.reward_ids._check_xs_event_reward()
