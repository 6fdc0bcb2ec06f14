import math

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import create_index

from .xs_surplus_declaration import VERIFIED_STATES

# R8 recommendation score (0-100): driving effect 40, quality 30, total value 30.
# Households count once, poverty-alleviated and monitored ones twice more; 300 weighted
# households or 500,000 CNY of produce earn the full share.
SCORE_HOUSEHOLDS_FULL = 300
SCORE_AMOUNT_FULL = 500000.0


class XsSurplusDeclaration(models.Model):
    """R8, R10, R17: the catalogue entry a verified declaration becomes: publication to
    channels and buyers, recommendation upward, the vendor price its sellers' purchase orders
    buy at, and the taxes of its sale and purchase lines."""

    _inherit = "xs.surplus.declaration"

    # R17, R21: one tax per catalogue entry, the same on the buyer's sale line and on the
    # seller's purchase line; by default VAT-exempt (farmers selling their own produce).
    tax_id = fields.Many2one(
        "account.tax",
        tracking=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale'), ('company_id', 'parent_of', company_id)]",
        default=lambda self: self._default_tax_id(),
        help="Charged to the buyer on top of the declared price and paid to the seller at "
        "the same rate. Default: VAT exempt.",
    )
    # R8 catalogue: directed publication and recommendation
    channel_action_ids = fields.Many2many(
        "xs.campaign.action",
        "xs_declaration_channel_action_rel",
        "declaration_id",
        "action_id",
        string="Published to Channels",
        tracking=True,
        copy=False,
        ondelete="restrict",  # an action with entries published to it stays
        domain="[('campaign_id', '=', campaign_id)]",
        help="The campaign actions (channels) whose buyers see this catalogue entry.",
    )
    channel_partner_ids = fields.Many2many(
        "res.partner",
        "xs_declaration_channel_partner_rel",
        "declaration_id",
        "partner_id",
        string="Only for Buyers",
        copy=False,
        # R8, R20: which organisations an entry is reserved for is the county's to know; the
        # portal rule reads it for a buyer, no buyer reads it (groups=).
        groups="base.group_user",
        domain=[("xs_buyer_category", "!=", False)],
        help="Narrows the publication to these buyer organisations; empty: every buyer of "
        "the channels.",
    )
    has_quality_certificate = fields.Boolean(
        string="Quality Certificate",
        tracking=True,
        copy=False,  # checked by the catalogue role for each entry
        help="The produce carries an edible agricultural product certificate (食用农产品合格证) "
        "or a green/organic/geographical-indication certification.",
    )
    certificate_reference = fields.Char(string="Certificate No.", copy=False)
    recommendation_score = fields.Integer(
        compute="_compute_recommendation_score",
        store=True,
        aggregator="avg",
        groups="base.group_user",
        help="0-100: driving effect on households (40), quality (30), total value (30).",
    )
    is_recommended = fields.Boolean(
        string="Recommended Upward",
        tracking=True,
        copy=False,
        help="Selected by the county for recommendation to the city, the national bureau and "
        "the eastern provinces.",
    )
    # R10: the entry's own vendor price (one per entry, made when it is listed), read through
    # this field so that the entries of one order get theirs in one query. Written by the
    # listing only (_xs_ensure_supplierinfo); through this field a user could do nothing
    # its rights on vendor prices do not already allow.
    supplierinfo_ids = fields.One2many(
        "product.supplierinfo",
        "xs_declaration_id",
        string="Vendor Prices",
        readonly=True,
        groups="base.group_user",
    )
    xs_published_partner_id = fields.Many2one(
        "res.partner",
        string="Published to Buyer",
        compute="_compute_xs_published_partner_id",
        search="_search_xs_published_partner_id",
        help="Search only: entries published to this buyer (_xs_published_domain).",
    )

    @api.model
    def _default_tax_id(self):
        return self.env["account.tax"]._xs_exempt_tax(self.env.company, "sale", create=False)

    @api.depends(
        "household_count",
        "poverty_household_count",
        "monitored_household_count",
        "has_quality_certificate",
        "amount_total",
    )
    def _compute_recommendation_score(self):
        for declaration in self:
            weighted = (
                declaration.household_count
                + 2 * declaration.poverty_household_count
                + 2 * declaration.monitored_household_count
            )
            driving = min(weighted / SCORE_HOUSEHOLDS_FULL, 1.0) * 40
            quality = 30 if declaration.has_quality_certificate else 0
            value = min(declaration.amount_total / SCORE_AMOUNT_FULL, 1.0) * 30
            declaration.recommendation_score = round(driving + quality + value)

    def _check_catalogue_user(self):
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_commerce"):
            raise AccessError(
                _(
                    "Only the commerce commission and county staff list, publish, close or "
                    "recommend catalogue entries."
                )
            )

    # ------------------------------------------------------------------
    # R8 catalogue
    # ------------------------------------------------------------------

    def action_list(self):
        """Put verified declarations in the catalogue: the product becomes sellable with
        the declaring seller as its vendor at the declared price. Entries without a
        channel yet open the wizard that asks for their channels, then lists them."""
        self._check_catalogue_user()
        if any(d.state != "verified" for d in self):
            raise UserError(_("Only verified declarations can be listed in the catalogue."))
        if any(not d.channel_action_ids for d in self):
            return {
                "type": "ir.actions.act_window",
                "name": _("List in Catalogue"),
                "res_model": "xs.declaration.list.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_declaration_ids": self.ids},
            }
        self._xs_ensure_supplierinfo()
        self._xs_workflow_write({"state": "listed"})

    def action_close(self):
        """Take entries out of the catalogue for good (season over, produce gone)."""
        self._check_catalogue_user()
        if any(d.state not in ("listed", "sold_out") for d in self):
            raise UserError(_("Only catalogue entries can be closed."))
        self._xs_workflow_write({"state": "closed"})
        # Portal orders of the entry whose sellers' purchase orders the job has not made
        # yet buy through its vendor price: made now, before it goes (R10).
        # sudo: any buyer's orders; only what their confirmation already decided is made.
        self.env["sale.order"].sudo().search(
            [("xs_purchase_pending", "=", True), ("order_line.xs_declaration_id", "in", self.ids)]
        )._xs_create_purchases()
        # A closed entry leaves no vendor price behind for later procurement (R10).
        self._xs_supplierinfo_ids().unlink()

    def action_recommend(self):
        self._check_catalogue_user()
        if any(d.state not in VERIFIED_STATES for d in self):
            raise UserError(_("Only verified declarations can be recommended upward."))
        self._xs_workflow_write({"is_recommended": True})

    def action_unrecommend(self):
        self._check_catalogue_user()
        self._xs_workflow_write({"is_recommended": False})

    def _xs_supplierinfo_ids(self):
        # sudo: vendor prices are purchase data the catalogue roles need not manage.
        return (
            self.env["product.supplierinfo"]
            .sudo()
            .with_context(active_test=False)
            .search([("xs_declaration_id", "in", self.ids)])
        )

    def _xs_ensure_supplierinfo(self):
        """The seller is a vendor of the product at the declared price, through one vendor
        price per catalogue entry (never shared with the seller's other declarations of
        the same product): procurement buys from it, and the purchase line takes its price
        from its own declaration (purchase_order_line.py)."""
        # sudo: county staff need not be product managers to publish the catalogue; the
        # values come from the verified declaration only.
        SupplierInfo_sudo = self.env["product.supplierinfo"].sudo()
        by_declaration = {info.xs_declaration_id: info for info in self._xs_supplierinfo_ids()}
        to_create = []
        for declaration in self:
            product_sudo = declaration.product_id.sudo()
            product_sudo.product_tmpl_id.write({"sale_ok": True, "purchase_ok": True})
            vals = {
                "price": declaration.price_unit,
                "currency_id": declaration.currency_id.id,
                "product_uom": declaration.uom_id.id,
                "min_qty": 0.0,
            }
            info = by_declaration.get(declaration)
            if info:
                info.write(vals)
            else:
                to_create.append(
                    dict(
                        vals,
                        partner_id=declaration.seller_id.id,
                        product_tmpl_id=product_sudo.product_tmpl_id.id,
                        product_id=declaration.product_id.id,
                        company_id=declaration.company_id.id,
                        xs_declaration_id=declaration.id,
                    )
                )
        SupplierInfo_sudo.create(to_create)

    def _xs_supplierinfo(self):
        """This entry's own vendor price (made when missing, e.g. listed before it existed):
        the one owner of "the entry's vendor price" that its purchase lines buy at."""
        self.ensure_one()
        # sudo: vendor prices are purchase data; read through the field, prefetched for the
        # other entries of the same order(s) (one query for all their procurements, and one
        # for all their vendor prices' values).
        infos_sudo = self.sudo().supplierinfo_ids
        info = infos_sudo[:1].with_prefetch(infos_sudo._prefetch_ids)
        if not info and self.state in ("listed", "sold_out"):
            self._xs_ensure_supplierinfo()
            info = self._xs_supplierinfo_ids()[:1]
        return info

    def _xs_sale_tax(self):
        """The tax of this entry's sale lines (the exempt tax when none is set)."""
        self.ensure_one()
        return self.tax_id or self.env["account.tax"]._xs_exempt_tax(self.company_id, "sale")

    def _xs_purchase_tax(self):
        """The purchase tax at the same rate as the sale tax (R17: buyer pays what the seller
        is paid); refused when the company has none, rather than buying at another rate."""
        self.ensure_one()
        sale_tax = self._xs_sale_tax()
        twin = sale_tax._xs_purchase_twin()
        if not twin:
            raise UserError(
                _(
                    "%(name)s is sold with tax %(tax)s, but the company has no purchase tax "
                    "at the same rate to pay the seller. Create one, or choose another tax.",
                    name=self.display_name,
                    tax=sale_tax.display_name,
                )
            )
        return twin

    @api.model
    def _xs_published_domain(self, partner, resolve=False, state="listed"):
        """Domain of the catalogue entries published to buyer ``partner`` (R8): listed, in a
        channel of the buyer, and not narrowed to other buyers. With ``resolve``, for
        searching: the same entries, phrased for the planner. The actions of the buyer's
        channel are looked up first and named by id (through the action type it guesses a
        few, and checks a province's 60,000 entries one by one); and "no buyer named, or
        this one" becomes one NOT IN over the entries narrowed to other buyers only (the OR
        of two correlated subqueries is costed as run once per entry: the pager's count
        then probes the 60,000 entries one at a time, 1.1-1.4 s; 0.1 s this way). Not for
        record rules (their domain is cached, and an action added later would be missed)
        nor for ``filtered_domain`` (a subquery). ``state``: the entries that were published
        to the buyer and are now in that state (sold out), to tell it what happened."""
        buyer = partner.commercial_partner_id
        channel = buyer.xs_channel
        if not channel:
            # Not a buyer of any channel: nothing is published to it.
            return [("id", "=", False)]
        if resolve:
            # sudo: ids of the channel's actions and of entries narrowed to other buyers
            # only, as the rule's own subqueries read them; applied in this buyer's domain.
            actions_sudo = (
                self.env["xs.campaign.action"].sudo().search([("action_type", "=", channel)])
            )
            narrowed_to_others = self.sudo()._search(
                [("channel_partner_ids", "!=", False), ("channel_partner_ids", "not in", buyer.ids)]
            )
            return [
                ("state", "=", state),
                ("channel_action_ids", "in", actions_sudo.ids),
                ("id", "not in", narrowed_to_others),
            ]
        return [
            ("state", "=", state),
            ("channel_action_ids.action_type", "=", channel),
            "|",
            ("channel_partner_ids", "=", False),
            ("channel_partner_ids", "in", buyer.ids),
        ]

    @api.model
    def _xs_catalogue_search(self, partner, domain=(), count=False, **kwargs):
        """The entries of ``partner``'s catalogue matching ``domain`` (R11), or their number
        with ``count`` (up to ``limit`` if given): the published domain, applied once. For
        the buyer's own portal user that domain is its record rule on entries
        (``_xs_published_catalogue_domain``), OR'ed with the rule on its own declarations
        as a seller, which the catalogue never shows (a buyer that also sells does not
        find its drafts there). Searching with the rules on top would apply the published
        domain twice, and the planner then misjudges it; so that search runs without them,
        with the published domain and the company rule, and the entries come back in the
        user's environment. Anyone else (county staff looking at a buyer's catalogue)
        keeps their own rules on top."""
        published = self._xs_published_domain(partner, resolve=True) + list(domain)
        user = self.env.user
        model = self
        if (
            not self.env.su
            and user._is_portal()
            and partner.commercial_partner_id == user.partner_id.commercial_partner_id
        ):
            # sudo: the published domain is what the portal rule grants this very user, and
            # the global company rule is applied here: nothing beyond its own rights.
            model = self.sudo()
            published += [("company_id", "in", self.env.companies.ids)]
        if count:
            return model.search_count(published, limit=kwargs.get("limit"))
        return model.search(published, **kwargs).with_env(self.env)

    @api.depends_context("uid")
    def _compute_xs_published_partner_id(self):
        # Odoo also checks record rules in Python (check_access/has_access evaluate the
        # portal rule with filtered_domain, which reads this field): it holds the current
        # user's partner on the entries published to it.
        partner = self.env.user.partner_id
        # sudo: the domain reads whom entries are reserved for, which no buyer reads itself
        # (channel_partner_ids is internal); only the user's own partner comes out.
        published_sudo = self.sudo().filtered_domain(self._xs_published_domain(partner))
        for declaration in self:
            declaration.xs_published_partner_id = (
                partner if declaration in published_sudo else False
            )

    def _search_xs_published_partner_id(self, operator, value):
        # The portal record rule and the order line's domain both search this field, so
        # the published domain has one owner: _xs_published_domain.
        if operator != "=":
            raise UserError(_("Unsupported search on the published buyer."))
        if not value:
            return [("id", "=", False)]
        partner = self.env["res.partner"].browse(value)
        return self._xs_published_domain(partner)

    def _xs_is_published_to(self, partner):
        self.ensure_one()
        return bool(self._xs_published_to(partner))

    def _xs_published_to(self, partner):
        """Those of these entries published to ``partner`` (one pass for all of them)."""
        return self.filtered_domain(self._xs_published_domain(partner))

    def init(self):
        # The buyers' catalogue (R11) pages the listed entries in this order: read in index
        # order, a page stops after its 80 entries instead of sorting the whole catalogue
        # (a province lists 60,000). The expression is the ORM's for a boolean in ORDER BY.
        create_index(
            self.env.cr,
            "xs_surplus_declaration_catalogue_index",
            self._table,
            ["(COALESCE(is_recommended, false)) DESC", "category", "id"],
            where="state = 'listed'",
        )

    def _xs_check_order_price(self, price):
        """R19: a unit price sent with an order from outside (a platform) must be a number
        equal to the declared price: the buyer pays what the farmers declared."""
        self.ensure_one()
        declaration_sudo = self.sudo()  # names for the message; self was searched
        currency = declaration_sudo.currency_id
        try:
            if isinstance(price, bool):
                raise TypeError(price)
            value = float(price)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or currency.compare_amounts(value, declaration_sudo.price_unit):
            raise UserError(
                _(
                    "%(product)s: the platform's price %(price)s is not the declared price "
                    "%(declared)s.",
                    product=declaration_sudo.product_id.display_name,
                    price=price,
                    declared=declaration_sudo.price_unit,
                )
            )
