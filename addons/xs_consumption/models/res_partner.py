from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.db import FunctionStatus
from odoo.tools.sql import create_index

from odoo.addons.phone_validation.tools import phone_validation

from ..tools import xs_open_action
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

# Who a buyer is and what it sees (R7, R8): set by county staff only.
BUYER_FIELDS = {"xs_buyer_category", "xs_channel", "xs_is_department"}
# Which seller of which township: township staff set them on their own sellers.
SELLER_FIELDS = {"xs_seller_type", "xs_township_id"}
# The company a contact belongs to decides which organisation's orders, commitments and
# statements its portal login reads: moved by county staff only.
HIERARCHY_FIELDS = {"parent_id", "commercial_partner_id", "user_ids"}

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

    def init(self):
        # Buyers search the catalogue by seller name too (R11): a name ILIKE '%term%' over
        # every partner, a sequential scan growing with the country's sellers and buyers
        # (7 ms at a province's 11,000 partners); a trigram index finds terms of three
        # characters or more in 0.4 ms. Built as core builds its trigram indexes (fields'
        # index="trigram"); core's own btree index on the name stays for sorting.
        registry = self.env.registry
        if registry.has_trigram:
            expression = '"name"'
            if registry.has_unaccent == FunctionStatus.INDEXABLE:
                expression = registry.unaccent(expression)
            create_index(
                self.env.cr,
                "res_partner_xs_name_trigram_index",
                self._table,
                [f"{expression} gin_trgm_ops"],
                method="gin",
            )

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
        if self._xs_partner_rights_apply():
            for vals in vals_list:
                self._xs_check_partner_fields(vals)
        partners = super().create(vals_list)
        if self._xs_partner_rights_apply():
            partners._xs_check_partner_scope()
        return partners

    def write(self, vals):
        check = self._xs_partner_rights_apply()
        if check:
            self._xs_check_partner_fields(vals, self)
            self._xs_check_partner_scope()
            if HIERARCHY_FIELDS & set(vals) and self._xs_changes_hierarchy(vals):
                self._xs_check_no_login()
        if not any(vals.get(f) for f in PHONE_FIELDS):
            res = super().write(vals)
            if check and (SELLER_FIELDS | HIERARCHY_FIELDS) & set(vals):
                self._xs_check_partner_scope()
            return res
        # Each partner's number is read in its own country and role.
        for partner in self:
            super(ResPartner, partner).write(partner._xs_phone_vals(vals))
        if check and (SELLER_FIELDS | HIERARCHY_FIELDS) & set(vals):
            self._xs_check_partner_scope()
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_xs_partner_rights(self):
        if self._xs_partner_rights_apply():
            self._xs_check_partner_scope()
            self._xs_check_no_login()

    # ------------------------------------------------------------------
    # R20 partner rights per role. County staff keep the registers of buyers, departments
    # and sellers; township staff create and edit the sellers of their own townships (and
    # their contacts); everybody else only reads campaign partners. Nobody but county staff
    # moves a contact that has a login to another organisation. Enforced here rather than
    # by ACLs alone: Odoo gives every new internal user "Contact Creation".
    # ------------------------------------------------------------------

    def _xs_partner_rights_apply(self):
        return not (
            self.env.su
            or self.env.user.has_group("xs_consumption.xs_consumption_group_county_user")
        )

    def _xs_is_township_user(self):
        return self.env.user.has_group("xs_consumption.xs_consumption_group_township_user")

    @api.model
    def _xs_check_partner_fields(self, vals, partners=None):
        """Refuse campaign fields the user may not set (``partners``: those written)."""
        fields_set = set(vals)
        if partners is not None:
            # A form may send unchanged values back: only real changes count.
            fields_set = {
                fname
                for fname in fields_set & (BUYER_FIELDS | SELLER_FIELDS)
                if any(
                    self._fields[fname].convert_to_write(p[fname], p) != vals[fname]
                    for p in partners
                )
            }
        else:
            fields_set = {fname for fname in fields_set if vals[fname]}
        if BUYER_FIELDS & fields_set:
            raise AccessError(
                _(
                    "Only county staff register buyers and departments or change a buyer's "
                    "category or channel."
                )
            )
        if SELLER_FIELDS & fields_set and not self._xs_is_township_user():
            raise AccessError(_("Only township and county staff register sellers."))

    def _xs_check_partner_scope(self):
        """Township staff: only sellers of their own townships, their contacts, and plain
        contacts; the others: no campaign partner at all."""
        user = self.env.user
        is_township = self._xs_is_township_user()
        # sudo: the check reads the partners' roles, whatever the user may read.
        for partner_sudo in self.sudo():
            commercial = partner_sudo.commercial_partner_id
            own_partner = partner_sudo == user.partner_id
            if commercial.xs_buyer_category or commercial.xs_is_department:
                allowed = False
            elif commercial.xs_seller_type or partner_sudo.xs_seller_type:
                township = partner_sudo.xs_township_id or commercial.xs_township_id
                allowed = is_township and township in user.xs_township_ids
            else:
                allowed = True
            if partner_sudo.user_ids and not own_partner:
                allowed = False
            if not allowed:
                raise AccessError(
                    _(
                        "You cannot change %(partner)s: township staff create and edit the "
                        "sellers of their own townships; buyers, departments, other townships' "
                        "sellers and users' contacts are kept by county staff.",
                        partner=partner_sudo.display_name,
                    )
                )

    def _xs_changes_hierarchy(self, vals):
        if "user_ids" in vals or "commercial_partner_id" in vals:
            return True
        return any(partner.parent_id.id != (vals.get("parent_id") or False) for partner in self)

    def _xs_check_no_login(self):
        # sudo: logins under these partners, whatever the user may read of res.users.
        users_sudo = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "child_of", self.ids)], limit=1)
        )
        if users_sudo:
            raise AccessError(
                _(
                    "Only county staff move a contact with a login (%(user)s) to another "
                    "organisation or delete it: the login would read that organisation's "
                    "orders, commitments and statements.",
                    user=users_sudo.partner_id.display_name,
                )
            )

    def action_xs_view_declarations(self):
        self.ensure_one()
        return xs_open_action(
            self.env,
            "xs_consumption.xs_surplus_declaration_action",
            [("seller_id", "=", self.id)],
            {"default_seller_id": self.id},
        )
