from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# R27: the day of the week a work unit hands out its staff's shop orders.
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ResPartner(models.Model):
    """R27: a work unit or union taking part in the shop hands out its staff's orders at its
    collection address, on its collection day; the county sets both."""

    _inherit = "res.partner"

    xs_collection_address_id = fields.Many2one(
        "res.partner",
        string="Collection Address",
        domain="[('id', 'child_of', id)]",
        help="Where the staff collect their shop orders (the sellers deliver there): the work "
        "unit's own address when empty, or one of its delivery addresses.",
    )
    xs_collection_weekday = fields.Selection(
        WEEKDAYS,
        string="Collection Day",
        help="The day of the week the work unit hands out its staff's shop orders: an order "
        "is collected on the first such day after it is placed.",
    )
    xs_collection_hours = fields.Char(
        string="Collection Hours", help="When on the collection day, e.g. 12:00-13:30."
    )

    @api.constrains("xs_collection_address_id")
    def _check_xs_collection_address(self):
        for partner in self.filtered("xs_collection_address_id"):
            address = partner.xs_collection_address_id
            if address != partner and address.commercial_partner_id != partner:
                raise ValidationError(
                    _(
                        "%(unit)s: the collection address must be its own address or one of "
                        "its delivery addresses.",
                        unit=partner.name,
                    )
                )

    def _xs_collection_address(self):
        """Where this work unit's staff collect their orders."""
        self.ensure_one()
        return self.xs_collection_address_id or self

    def _xs_collection_date(self, day):
        """The first collection day of this work unit after ``day`` (a date), or False when
        it has none."""
        self.ensure_one()
        if not self.xs_collection_weekday or not day:
            return False
        ahead = (int(self.xs_collection_weekday) - day.weekday() - 1) % 7 + 1
        return day + timedelta(days=ahead)

    def _xs_collection_when(self):
        """The collection day and hours as a person reads them ("Friday 12:00-13:30")."""
        self.ensure_one()
        weekdays = dict(self._fields["xs_collection_weekday"]._description_selection(self.env))
        return " ".join(
            part
            for part in (weekdays.get(self.xs_collection_weekday), self.xs_collection_hours)
            if part
        )
