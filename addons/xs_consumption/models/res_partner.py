from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.phone_validation.tools import phone_validation

from .xs_campaign_action import ACTION_TYPES

SELLER_TYPES = [
    ("leading_enterprise", "Leading Enterprise"),
    ("cooperative", "Farmers' Cooperative"),
    ("production_base", "Production Base"),
    ("family_farm", "Family Farm"),
    ("other", "Other"),
]

# R7: buyer categories named by the plan.
BUYER_CATEGORIES = [
    ("agency", "Party and Government Agency"),
    ("institution", "Public Institution"),
    ("school", "School"),
    ("hospital", "Hospital"),
    ("financial", "Financial Institution"),
    ("soe", "County State-Owned Enterprise"),
    ("private", "Private Enterprise"),
    ("social_org", "Social Organisation"),
    ("individual", "Caring Individual"),
    ("wholesale", "Wholesale Market / Distribution Centre"),
    ("ecommerce", "E-commerce Platform"),
    ("supermarket", "Supermarket"),
    ("central_unit", "Central Designated Assistance Unit"),
    ("municipal_group", "Municipal Assistance Group"),
    ("dezhou_partner", "Dezhou Partner"),
]

PHONE_FIELDS = ("phone", "mobile")

# R8: the channel (campaign action) through which a buyer category docks by default.
CATEGORY_CHANNEL = {
    "dezhou_partner": "east_west",
    "wholesale": "east_west",
    "central_unit": "paired",
    "municipal_group": "paired",
    "agency": "paired",
    "institution": "paired",
    "hospital": "paired",
    "private": "paired",
    "social_org": "paired",
    "individual": "paired",
    "school": "school",
    "financial": "finance",
    "soe": "soe",
    "ecommerce": "ecommerce",
    "supermarket": "ecommerce",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    xs_seller_type = fields.Selection(
        SELLER_TYPES,
        string="Seller Type",
        index=True,
        tracking=True,
        help="Set on selling entities (销售经营主体) that declare surplus produce.",
    )
    xs_buyer_category = fields.Selection(
        BUYER_CATEGORIES,
        string="Buyer Category",
        index=True,
        tracking=True,
        help="Set on buyer organisations of the campaign (R7).",
    )
    xs_channel = fields.Selection(
        ACTION_TYPES,
        string="Channel",
        compute="_compute_xs_channel",
        store=True,
        readonly=False,
        index=True,
        help="The campaign action through which this buyer sees the catalogue; follows the "
        "buyer category unless set by hand.",
    )
    xs_is_department = fields.Boolean(
        string="Lead Department",
        help="A county department or working group that can lead campaign actions (牵头单位).",
    )
    xs_township_id = fields.Many2one(
        "xs.township",
        string="Township",
        index=True,
        help="The township or sub-district where the seller operates.",
    )
    xs_declaration_count = fields.Integer(compute="_compute_xs_declaration_count")

    @api.depends("xs_buyer_category")
    def _compute_xs_channel(self):
        for partner in self:
            partner.xs_channel = CATEGORY_CHANNEL.get(partner.xs_buyer_category)

    def _compute_xs_declaration_count(self):
        groups = self.env["xs.surplus.declaration"]._read_group(
            [("seller_id", "in", self.ids)], ["seller_id"], ["__count"]
        )
        counts = {seller.id: count for seller, count in groups}
        for partner in self:
            partner.xs_declaration_count = counts.get(partner.id, 0)

    def _xs_is_campaign_partner(self, vals=None):
        vals = vals or {}
        return bool(
            vals.get("xs_seller_type", self.xs_seller_type)
            or vals.get("xs_buyer_category", self.xs_buyer_category)
            or vals.get("xs_is_department", self.xs_is_department)
        )

    @api.model
    def _xs_normalize_phone(self, number, country=None):
        """Return ``number`` in one international format, or raise a ValidationError.

        Region CN unless the partner has another country (R6: mainland China numbers,
        Chongqing 023 and Shandong 053x landlines included).
        """
        country = country or self.env.ref("base.cn")
        try:
            return phone_validation.phone_format(
                number,
                country.code,
                country.phone_code,
                force_format="INTERNATIONAL",
                raise_exception=True,
            )
        except UserError as e:
            raise ValidationError(
                _(
                    "The phone number %(number)s is not valid for %(country)s. "
                    "Enter a mobile number (e.g. 138 0013 8000) or a landline with its "
                    "area code (e.g. 023 7662 1234).",
                    number=number,
                    country=country.name,
                )
            ) from e

    def _xs_phone_vals(self, vals):
        """Normalise phone/mobile values of campaign partners (sellers, buyers, departments)."""
        if not any(vals.get(f) for f in PHONE_FIELDS):
            return vals
        if not self._xs_is_campaign_partner(vals):
            return vals
        country = (
            self.env["res.country"].browse(vals["country_id"])
            if vals.get("country_id")
            else self.country_id
        )
        vals = dict(vals)
        for fname in PHONE_FIELDS:
            if vals.get(fname):
                vals[fname] = self._xs_normalize_phone(vals[fname], country or None)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self.browse()._xs_phone_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if not any(vals.get(f) for f in PHONE_FIELDS):
            return super().write(vals)
        # Each partner's number is read in its own country and role.
        for partner in self:
            super(ResPartner, partner).write(partner._xs_phone_vals(vals))
        return True

    def action_xs_view_declarations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "xs_consumption.xs_surplus_declaration_action"
        )
        action["domain"] = [("seller_id", "=", self.id)]
        action["context"] = {"default_seller_id": self.id}
        return action
