import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, float_round
from odoo.tools.sql import create_index

from .. import intake
from ..tools import xs_date, xs_today, xs_today_default

CATEGORIES = [
    ("vegetable", "Vegetables"),
    ("livestock", "Livestock Products"),
    ("fruit", "Fruit"),
    ("other", "Other"),
]

# R4: the county's produce list: products of the produce categories.
PRODUCE_DOMAIN = [("type", "=", "consu"), ("categ_id.xs_declaration_category", "!=", False)]

# Figures the county verifies: once verified they change only after sending back (R4, R22).
LOCKED_FIELDS = {
    "campaign_id",
    "township_id",
    "seller_id",
    "product_id",
    "category",
    "quantity",
    "uom_id",
    "price_unit",
    "date_available_from",
    "date_available_to",
    "location",
    "industry_coverage",
    "industry_scale",
    "household_count",
    "poverty_household_count",
    "monitored_household_count",
    "contact_phone",
}
EDITABLE_STATES = ("draft", "submitted")
CATALOGUE_STATES = ("listed", "sold_out", "closed")
# Verified by the county (and so counted in the surplus figures and returns): the one
# definition, read by every return, dashboard and exchange (views use ``xs_is_verified``).
VERIFIED_STATES = ("verified", *CATALOGUE_STATES)

# R4, R8, R22: the workflow fields change only through the action methods of the role that
# owns each step (never by create() or a direct write), the publication fields only by the
# catalogue role, and the counted figures never by hand.
WORKFLOW_FIELDS = {
    "name",
    "state",
    "submitted_date",
    "verified_date",
    "verified_by_id",
    "reject_reason",
    "is_recommended",
}
# The certificate drives the recommendation score: checked by the catalogue role.
CATALOGUE_FIELDS = {
    "tax_id",
    "channel_action_ids",
    "channel_partner_ids",
    "max_qty_per_buyer",
    "has_quality_certificate",
    "certificate_reference",
}
COUNTED_FIELDS = {
    "amount_total",
    "recommendation_score",
    "qty_ordered",
    "qty_delivered",
    "qty_remaining",
    "amount_ordered",
    "qty_sold_platform",
    "qty_sold_direct",
    "amount_sold_platform",
    "amount_sold_direct",
}
# Marker put in the context by _xs_workflow_write() only. It is this module-private object,
# checked by identity: a request can put any key in its context (JSON-RPC sends any
# context), but only JSON values, never this object; and _xs_workflow_write, a private
# method, cannot be called over RPC. So no request can lift the guard in write().
_WORKFLOW_WRITE = object()

# R8 recommendation score (0-100): driving effect 40, quality 30, total value 30.
# Households count once, poverty-alleviated and monitored ones twice more; 300 weighted
# households or 500,000 CNY of produce earn the full share.
SCORE_HOUSEHOLDS_FULL = 300
SCORE_AMOUNT_FULL = 500000.0


class XsSurplusDeclaration(models.Model):
    """A township's declaration of unsold produce (滞销农产品申报), R4."""

    _name = "xs.surplus.declaration"
    _description = "Surplus Declaration"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "product_id", "seller_id"]

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    campaign_id = fields.Many2one(
        "xs.campaign",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self._default_campaign_id(),
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    township_id = fields.Many2one(
        "xs.township",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user.xs_township_ids[:1],
    )
    seller_id = fields.Many2one(
        "res.partner",
        string="Selling Entity",
        required=True,
        index=True,
        tracking=True,
        domain=[("xs_seller_type", "!=", False)],
    )
    seller_type = fields.Selection(related="seller_id.xs_seller_type", string="Seller Type")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        tracking=True,
        domain=PRODUCE_DOMAIN,
    )
    category = fields.Selection(CATEGORIES, required=True, default="vegetable", tracking=True)
    # aggregator=None: no sum of quantities in grouped lists, kilograms and heads do not add.
    quantity = fields.Float(
        digits="Product Unit of Measure", required=True, tracking=True, aggregator=None
    )
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        required=True,
        tracking=True,
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_unit = fields.Monetary(
        string="Unit Price (excl. tax)",
        required=True,
        tracking=True,
        help="What the buyer pays and the seller is paid per unit, before tax.",
    )
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
    amount_total = fields.Monetary(
        string="Total Value (excl. tax)", compute="_compute_amount_total", store=True
    )
    date_available_from = fields.Date(
        string="Available From", required=True, tracking=True, default=xs_today_default
    )
    date_available_to = fields.Date(
        string="Available Until",
        required=True,
        tracking=True,
        default=lambda self: xs_today(self.env) + relativedelta(days=30),
    )
    location = fields.Char(string="Where Available", tracking=True)
    industry_coverage = fields.Char(
        tracking=True,
        help="How widely the industry covers the township (villages, area).",
    )
    industry_scale = fields.Char(tracking=True, help="Production scale, e.g. 800 mu, 2,000 head.")
    # R20: the households behind an entry (who was lifted out of poverty, who is monitored),
    # the township's note and the county's send-back reason are internal (groups=): portal
    # buyers never read them; a seller reads its own entries' in its portal pages (sudo).
    household_count = fields.Integer(
        string="Households Linked", tracking=True, groups="base.group_user"
    )
    poverty_household_count = fields.Integer(
        string="Poverty-Alleviated Households",
        tracking=True,
        groups="base.group_user",
        help="脱贫户 among the households.",
    )
    monitored_household_count = fields.Integer(
        string="Monitored Households",
        tracking=True,
        groups="base.group_user",
        help="监测对象 among the households.",
    )
    contact_phone = fields.Char(tracking=True)
    note = fields.Text(groups="base.group_user")
    origin = fields.Selection(
        [
            ("form", "Township Form"),
            ("import", "Excel Import"),
            ("portal", "Seller Portal"),
        ],
        string="Declared Through",
        default="form",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        help="Where the declaration came from: typed in by the township, imported from the "
        "township's Excel sheet, or declared by the seller itself in the portal.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("verified", "Verified"),
            ("listed", "Listed"),
            ("sold_out", "Sold Out"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        # Kanban columns in workflow order, empty steps included.
        group_expand=True,
    )
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True, groups="base.group_user")
    # Internal fields (groups=): portal users (buyers and sellers) never read who verified
    # an entry, its score, nor what all buyers ordered (the seller portal shows its own
    # entries' figures through sudo).
    submitted_date = fields.Datetime(readonly=True, copy=False, groups="base.group_user")
    verified_date = fields.Datetime(readonly=True, copy=False, groups="base.group_user")
    verified_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups="base.group_user"
    )
    is_locked = fields.Boolean(compute="_compute_is_locked")

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
    max_qty_per_buyer = fields.Float(
        string="Most per Buyer",
        digits="Product Unit of Measure",
        tracking=True,
        copy=False,
        help="The most one buyer organisation may take of this entry, summed over its "
        "confirmed orders (in the entry's unit). Empty: no limit but the remaining quantity.",
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
    # R10 quantities from the buyers' sale orders. Internal users only: portal buyers
    # read catalogue entries, never the other buyers' order lines behind them.
    sale_line_ids = fields.One2many(
        "sale.order.line", "xs_declaration_id", string="Sale Lines", groups="base.group_user"
    )
    purchase_line_ids = fields.One2many(
        "purchase.order.line",
        "xs_declaration_id",
        string="Purchase Lines",
        groups="base.group_user",
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
    # R10, R13: verified off-platform purchases of the entry sell its surplus too.
    direct_purchase_ids = fields.One2many(
        "xs.direct.purchase",
        "declaration_id",
        string="Off-Platform Purchases",
        groups="base.group_user",
    )
    qty_ordered = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Sold",
        groups="base.group_user",
        help="Quantity on confirmed platform orders plus verified off-platform purchases, "
        "in the entry's unit.",
        aggregator=None,
    )
    qty_delivered = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Delivered",
        groups="base.group_user",
        help="Delivered on platform orders, plus verified off-platform purchases (the buyer "
        "already has the goods).",
        aggregator=None,
    )
    qty_sold_platform = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Sold on Platform Orders",
        groups="base.group_user",
        aggregator=None,
    )
    qty_sold_direct = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Sold Off-Platform",
        groups="base.group_user",
        help="Verified off-platform purchases of this entry, in the entry's unit.",
        aggregator=None,
    )
    qty_remaining = fields.Float(
        compute="_compute_qty_sold",
        store=True,
        digits="Product Unit of Measure",
        string="Remaining",
        aggregator=None,
    )
    amount_ordered = fields.Monetary(
        compute="_compute_qty_sold",
        store=True,
        string="Sold Amount",
        groups="base.group_user",
        help="Platform orders (excl. tax) plus verified off-platform purchases (amount paid).",
    )
    amount_sold_platform = fields.Monetary(
        compute="_compute_qty_sold",
        store=True,
        string="Amount on Platform Orders",
        groups="base.group_user",
    )
    amount_sold_direct = fields.Monetary(
        compute="_compute_qty_sold",
        store=True,
        string="Amount Off-Platform",
        groups="base.group_user",
    )
    sale_order_count = fields.Integer(compute="_compute_order_counts", groups="base.group_user")
    purchase_order_count = fields.Integer(compute="_compute_order_counts", groups="base.group_user")
    xs_is_verified = fields.Boolean(
        string="Verified",
        compute="_compute_xs_is_verified",
        search="_search_xs_is_verified",
        help="Verified by the county: listed, sold out and closed entries included.",
    )
    xs_published_partner_id = fields.Many2one(
        "res.partner",
        string="Published to Buyer",
        compute="_compute_xs_published_partner_id",
        search="_search_xs_published_partner_id",
        help="Search only: entries published to this buyer (_xs_published_domain).",
    )

    _sql_constraints = [
        (
            "seller_product_uniq",
            "unique(campaign_id, township_id, seller_id, product_id)",
            "This seller already declared this product for this township in this campaign.",
        ),
    ]

    @api.model
    def _default_campaign_id(self):
        # The campaign whose survey is running, else the latest one.
        campaigns = self.env["xs.campaign"].search([], order="date_start desc, id desc")
        return (campaigns.filtered("preparation_open") or campaigns)[:1]

    @api.model
    def _default_tax_id(self):
        return self.env["account.tax"]._xs_exempt_tax(self.env.company, "sale", create=False)

    def _creation_message(self):
        # Named from this module's code translations: records made while the module is
        # being installed (the demo) predate the translated model name.
        self.ensure_one()
        return _("Surplus declaration created")

    @api.depends("name", "product_id", "seller_id")
    def _compute_display_name(self):
        # sudo: product and seller names of entries the user may read (portal users cannot
        # read products and other organisations, yet the catalogue shows both).
        for declaration, declaration_sudo in zip(self, self.sudo(), strict=True):
            if declaration_sudo.product_id and declaration_sudo.seller_id:
                declaration.display_name = (
                    f"{declaration_sudo.product_id.name} · {declaration_sudo.seller_id.name} "
                    f"({declaration.name})"
                )
            else:
                declaration.display_name = declaration.name

    @api.depends("product_id")
    def _compute_uom_id(self):
        for declaration in self:
            # The product's unit, unless one of the same kind was chosen (斤 for kg).
            unit = declaration.product_id.uom_id
            if unit and declaration.uom_id.category_id != unit.category_id:
                declaration.uom_id = unit

    @api.depends("quantity", "price_unit")
    def _compute_amount_total(self):
        for declaration in self:
            declaration.amount_total = declaration.quantity * declaration.price_unit

    @api.depends("state")
    def _compute_is_locked(self):
        for declaration in self:
            declaration.is_locked = declaration.state not in EDITABLE_STATES

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

    @api.depends(
        "quantity",
        "uom_id",
        "sale_line_ids.state",
        "sale_line_ids.product_uom_qty",
        "sale_line_ids.product_uom",
        "sale_line_ids.qty_delivered",
        "sale_line_ids.price_subtotal",
        "direct_purchase_ids.state",
        "direct_purchase_ids.quantity",
        "direct_purchase_ids.uom_id",
        "direct_purchase_ids.amount",
    )
    def _compute_qty_sold(self):
        """R10, R13: the one owner of what an entry sold and has left: confirmed platform
        order lines and verified off-platform purchases (the same documents
        ``xs.counted.line`` counts), each read in one GROUP BY, units converted per
        (declaration, unit) group. The campaign's share of surplus sold, the catalogue's
        remaining quantity and the order and verification checks all read these fields."""
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("xs_declaration_id", "in", self.ids), ("state", "=", "sale")],
                ["xs_declaration_id", "product_uom"],
                ["product_uom_qty:sum", "qty_delivered:sum", "price_subtotal:sum"],
            )
        )
        # sudo: off-platform purchases of every buyer sold the entry; only sums are read.
        direct_groups = (
            self.env["xs.direct.purchase"]
            .sudo()
            ._read_group(
                [("declaration_id", "in", self.ids), ("state", "=", "verified")],
                ["declaration_id", "uom_id"],
                ["quantity:sum", "amount:sum"],
            )
        )
        # {id: [platform qty, delivered, platform amount, direct qty, direct amount]}
        sold = defaultdict(lambda: [0.0] * 5)
        for declaration, uom, qty, delivered, amount in groups:
            target = declaration.uom_id
            entry = sold[declaration.id]
            entry[0] += uom._compute_quantity(qty, target, round=False)
            entry[1] += uom._compute_quantity(delivered, target, round=False)
            entry[2] += amount
        for declaration, uom, qty, amount in direct_groups:
            entry = sold[declaration.id]
            entry[3] += uom._compute_quantity(qty, declaration.uom_id, round=False)
            entry[4] += amount
        for declaration in self:
            platform, delivered, platform_amount, direct, direct_amount = sold.get(
                declaration.id, (0.0,) * 5
            )
            declaration.qty_sold_platform = platform
            declaration.qty_sold_direct = direct
            declaration.amount_sold_platform = platform_amount
            declaration.amount_sold_direct = direct_amount
            declaration.qty_ordered = platform + direct
            declaration.qty_delivered = delivered + direct
            declaration.amount_ordered = platform_amount + direct_amount
            declaration.qty_remaining = declaration.quantity - platform - direct

    def _compute_order_counts(self):
        # sudo: township staff see how much of their produce sold without sales or
        # purchase rights; only counts leave this method.
        sale_groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [("xs_declaration_id", "in", self.ids)],
                ["xs_declaration_id"],
                ["order_id:count_distinct"],
            )
        )
        purchase_groups = (
            self.env["purchase.order.line"]
            .sudo()
            ._read_group(
                [("xs_declaration_id", "in", self.ids)],
                ["xs_declaration_id"],
                ["order_id:count_distinct"],
            )
        )
        sales = {d.id: n for d, n in sale_groups}
        purchases = {d.id: n for d, n in purchase_groups}
        for declaration in self:
            declaration.sale_order_count = sales.get(declaration.id, 0)
            declaration.purchase_order_count = purchases.get(declaration.id, 0)

    # The figures' rules, in one place: the constraints below apply them to records, the
    # Excel intake and the seller portal to values before anything is written (R4).
    FIGURE_FIELDS = (
        "quantity",
        "price_unit",
        "household_count",
        "poverty_household_count",
        "monitored_household_count",
        "date_available_from",
        "date_available_to",
    )
    # The kind of number (intake.NUMBER_LIMITS) of each typed figure.
    NUMBER_KINDS = {
        "quantity": "quantity",
        "price_unit": "price",
        "household_count": "count",
        "poverty_household_count": "count",
        "monitored_household_count": "count",
        "max_qty_per_buyer": "quantity",
    }

    @api.model
    def _xs_figure_errors(self, vals, campaign):
        """The rules ``vals`` (FIGURE_FIELDS values) break, as [(field, message)]."""
        errors = []
        for fname in self.FIGURE_FIELDS:
            value = vals.get(fname)
            if fname in self.NUMBER_KINDS and value not in (None, False):
                error = intake.number_error(self.env, value, self.NUMBER_KINDS[fname])
                if error:
                    errors.append((fname, error))
        if errors:
            return errors  # the rules below compare numbers
        if (vals.get("quantity") or 0) <= 0:
            errors.append(("quantity", _("the quantity must be positive.")))
        if (vals.get("price_unit") or 0) <= 0:
            errors.append(("price_unit", _("the unit price must be positive.")))
        counts = [
            vals.get(f) or 0
            for f in ("household_count", "poverty_household_count", "monitored_household_count")
        ]
        if counts[1] + counts[2] > counts[0]:
            errors.append(
                (
                    "poverty_household_count",
                    _(
                        "%(poverty)s poverty-alleviated and %(monitored)s monitored "
                        "households are more than the %(total)s households linked.",
                        poverty=counts[1],
                        monitored=counts[2],
                        total=counts[0],
                    ),
                )
            )
        start, end = vals.get("date_available_from"), vals.get("date_available_to")
        if start and end and end < start:
            errors.append(
                (
                    "date_available_to",
                    _(
                        "the produce is available until %(end)s, before %(start)s.",
                        start=start,
                        end=end,
                    ),
                )
            )
        elif start and end and (end < campaign.date_start or start > campaign.date_end):
            errors.append(
                (
                    "date_available_from",
                    _(
                        "the produce must be available during the campaign (%(start)s to %(end)s).",
                        start=campaign.date_start,
                        end=campaign.date_end,
                    ),
                )
            )
        return errors

    @api.constrains(
        "quantity",
        "price_unit",
        "household_count",
        "poverty_household_count",
        "monitored_household_count",
        "date_available_from",
        "date_available_to",
        "campaign_id",
    )
    def _check_figures(self):
        for declaration in self:
            vals = {fname: declaration[fname] for fname in self.FIGURE_FIELDS}
            errors = self._xs_figure_errors(vals, declaration.campaign_id)
            if errors:
                raise ValidationError(
                    _(
                        "%(name)s, %(field)s: %(error)s",
                        name=declaration.display_name,
                        field=self._fields[errors[0][0]]._description_string(self.env),
                        error=errors[0][1],
                    )
                )

    def _check_duplicates(self, keys):
        """Refuse a second declaration of the same seller, product and township in one
        campaign, naming the existing one. ``keys`` are (campaign, township, seller,
        product) id tuples about to be written; checked before the SQL unique constraint
        (the guard against concurrent inserts) would answer with a less helpful message.
        """
        keys = [k for k in keys if all(k)]
        if not keys:
            return
        counts = {}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        # sudo: the duplicate may sit in a township the user cannot read; only its
        # reference is shown.
        candidates = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("campaign_id", "in", list({k[0] for k in keys})),
                ("seller_id", "in", list({k[2] for k in keys})),
                ("product_id", "in", list({k[3] for k in keys})),
            ]
        )
        existing = {
            (c.campaign_id.id, c.township_id.id, c.seller_id.id, c.product_id.id): c
            for c in candidates
        }
        for key in keys:
            if key in existing or counts[key] > 1:
                seller, product, township = (
                    self.env["res.partner"].browse(key[2]),
                    self.env["product.product"].browse(key[3]),
                    self.env["xs.township"].browse(key[1]),
                )
                raise ValidationError(
                    _(
                        "%(seller)s already declared %(product)s for %(township)s in this "
                        "campaign: %(existing)s. Update that declaration instead.",
                        seller=seller.sudo().name,
                        product=product.sudo().display_name,
                        township=township.sudo().name,
                        existing=existing[key].name if key in existing else _("in this batch"),
                    )
                )

    @api.constrains("contact_phone")
    def _check_contact_phone(self):
        for declaration in self.filtered("contact_phone"):
            # Raises a ValidationError in the user's language for a bad number.
            self.env["res.partner"]._xs_normalize_phone(declaration.contact_phone)

    @api.onchange("seller_id")
    def _onchange_seller_id(self):
        if self.seller_id and not self.contact_phone:
            self.contact_phone = self.seller_id.mobile or self.seller_id.phone
        # R4: a selling entity declares in its own township.
        if self.seller_id.xs_township_id:
            self.township_id = self.seller_id.xs_township_id

    @api.onchange("product_id")
    def _onchange_product_id(self):
        # R4: produce is declared in its product category's declaration category.
        category = self.product_id.categ_id.xs_declaration_category
        if category:
            self.category = category

    @api.constrains("max_qty_per_buyer")
    def _check_max_qty_per_buyer(self):
        for declaration in self:
            if declaration.max_qty_per_buyer < 0:
                raise ValidationError(
                    _(
                        "%(name)s: the most a buyer may take cannot be negative.",
                        name=declaration.display_name,
                    )
                )

    def _xs_workflow_write(self, vals):
        """Write workflow fields on behalf of an action method (see _WORKFLOW_WRITE)."""
        return self.with_context(xs_workflow_write=_WORKFLOW_WRITE).write(vals)

    def _xs_check_protected_vals(self, vals, creating=False):
        """Refuse workflow, publication and counted fields in ``vals`` unless they come from
        an action method (or code running as superuser: data files, migrations, tests'
        setup). On create, empty values (draft, nothing published) are accepted."""
        if self.env.su or self.env.context.get("xs_workflow_write") is _WORKFLOW_WRITE:
            return
        names = set(vals)
        if creating:
            names = {name for name in names if not self._xs_is_empty_value(name, vals[name])}
        counted = COUNTED_FIELDS & names
        if counted:
            raise UserError(
                _(
                    "%(fields)s of a declaration are counted from its figures and orders; "
                    "they cannot be written.",
                    fields=self._xs_field_labels(counted),
                )
            )
        workflow = WORKFLOW_FIELDS & names
        if workflow:
            raise UserError(
                _(
                    "%(fields)s of a declaration change only through its buttons: Submit "
                    "(township), Verify and Send Back (county), List in Catalogue, Close and "
                    "Recommend Upward (commerce commission or county). Use them instead of "
                    "editing the field.",
                    fields=self._xs_field_labels(workflow),
                )
            )
        catalogue = CATALOGUE_FIELDS & names
        if catalogue and not self.env.user.has_group(
            "xs_consumption.xs_consumption_group_commerce"
        ):
            raise UserError(
                _(
                    "Only the commerce commission and county staff choose %(fields)s of a "
                    "catalogue entry.",
                    fields=self._xs_field_labels(catalogue),
                )
            )

    @api.model
    def _xs_is_empty_value(self, name, value):
        if name == "state":
            return value in (False, "draft")
        if name == "name":
            return value in (False, "/") or value in self.env.cr.cache.get(
                "xs_declaration_names", ()
            )
        if self._fields[name].type == "many2many":
            # Only commands that leave the new record's set empty.
            return all(
                command[0] == Command.CLEAR or (command[0] == Command.SET and not command[2])
                for command in value or []
            )
        return not value

    @api.model
    def _xs_field_labels(self, names):
        return ", ".join(
            sorted(f"'{self._fields[name]._description_string(self.env)}'" for name in names)
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Access first: no rule below answers (nor names an existing declaration) to a
        # user who may not create declarations at all, e.g. a portal seller over RPC.
        self.check_access("create")
        for vals in vals_list:
            self._xs_check_protected_vals(vals, creating=True)
            intake.check_number_vals(self, vals, self.NUMBER_KINDS)
        for vals in vals_list:
            if vals.get("contact_phone"):
                vals["contact_phone"] = self.env["res.partner"]._xs_normalize_phone(
                    vals["contact_phone"]
                )
        self._check_duplicates(
            [
                (
                    vals.get("campaign_id") or self._default_campaign_id().id,
                    vals.get("township_id") or self.env.user.xs_township_ids[:1].id,
                    vals.get("seller_id"),
                    vals.get("product_id"),
                )
                for vals in vals_list
            ]
        )
        if not self.env.su and any(vals.get("origin") == "portal" for vals in vals_list):
            # Only _xs_portal_declare records a seller's own declaration.
            raise AccessError(_("Only a seller's portal users declare from the seller portal."))
        declarations = super().create(vals_list)
        declarations._check_preparation_open()
        # References once the rules passed (a refused batch burns no number and the
        # caller's dicts stay as given), all in one UPDATE: an Excel intake of thousands
        # of rows must not pay one query per row.
        unnamed = declarations.filtered(lambda d: d.name == "/")
        if unnamed:
            names = self._xs_next_names(len(unnamed))
            self.env.cr.execute(
                SQL(
                    "UPDATE xs_surplus_declaration AS d SET name = v.name "
                    "FROM (VALUES %s) AS v(id, name) WHERE d.id = v.id",
                    SQL(", ").join(
                        SQL("(%s, %s)", declaration.id, name)
                        for declaration, name in zip(unnamed, names, strict=True)
                    ),
                )
            )
            unnamed.invalidate_recordset(["name", "display_name"])
        return declarations

    @api.model
    def _xs_next_names(self, count):
        """``count`` references from the declaration sequence, in one query for a standard
        sequence (an Excel intake of thousands of rows must not pay one query per row)."""
        if not count:
            return []
        # sudo: reading the sequence definition only, as ir.sequence.next_by_code does.
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "xs.surplus.declaration"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return ["/"] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(number) for (number,) in self.env.cr.fetchall()]

    def write(self, vals):
        self._xs_check_protected_vals(vals)
        intake.check_number_vals(self, vals, self.NUMBER_KINDS)
        if "origin" in vals and not self.env.su:
            raise AccessError(_("Where a declaration came from is recorded when it is created."))
        if vals.get("contact_phone"):
            vals["contact_phone"] = self.env["res.partner"]._xs_normalize_phone(
                vals["contact_phone"]
            )
        locked = LOCKED_FIELDS.intersection(vals)
        if locked and any(d.is_locked for d in self):
            raise UserError(
                _(
                    "%(names)s is verified and locked. Send it back to the township before "
                    "changing its figures.",
                    names=", ".join(self.filtered("is_locked").mapped("name")),
                )
            )
        key_fields = ("campaign_id", "township_id", "seller_id", "product_id")
        if any(f in vals for f in key_fields):
            self._check_duplicates(
                [tuple(vals[f] if f in vals else d[f].id for f in key_fields) for d in self]
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted_or_used(self):
        """R4, R22: only a draft declaration nothing refers to can be deleted (by its
        township or the county, as the record rules allow); the figures of submitted ones
        and of the orders, purchases, cases and commitments that name them stay."""
        sent = self.filtered(lambda d: d.state != "draft")
        if sent:
            raise UserError(
                _(
                    "%(names)s left the township's draft: only draft declarations can be "
                    "deleted. Ask the county to send it back, or close the catalogue entry.",
                    names=", ".join(sent.mapped("name")),
                )
            )
        for declaration, documents in self._xs_referencing_documents().items():
            raise UserError(
                _(
                    "%(name)s cannot be deleted: %(documents)s refer to it.",
                    name=declaration.name,
                    documents=", ".join(documents),
                )
            )

    def _xs_referencing_documents(self):
        """{declaration: [labels of the kinds of documents that refer to it]}, one grouped
        query per kind. Other modules add their kinds (``_xs_reference_fields``)."""
        found = {}
        for model_name, field_name in self._xs_reference_fields():
            Model = self.env[model_name]
            # sudo: whether a document refers to the declaration, whoever may read it.
            groups = Model.sudo()._read_group(
                [(field_name, "in", self.ids)], [field_name], ["__count"]
            )
            for declarations, _count in groups:
                for declaration in declarations:
                    found.setdefault(declaration, []).append(
                        self.env["ir.model"]._get(model_name).name  # in the user's language
                    )
        return found

    @api.model
    def _xs_reference_fields(self):
        """(model, field) pairs of the documents whose figures come from a declaration."""
        return [
            ("sale.order.line", "xs_declaration_id"),
            ("purchase.order.line", "xs_declaration_id"),
            ("xs.buyer.commitment.line", "declaration_id"),
            ("xs.case", "declaration_ids"),
            ("xs.quality.issue", "declaration_id"),
            ("xs.direct.purchase", "declaration_id"),
        ]

    def _check_preparation_open(self):
        for campaign in self.campaign_id:
            if not campaign.preparation_open:
                raise UserError(
                    _(
                        "The preparation phase of %(campaign)s is not open: surplus can be "
                        "declared and submitted only while it is. Ask the county to reopen it.",
                        campaign=campaign.name,
                    )
                )

    def _check_catalogue_user(self):
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_commerce"):
            raise AccessError(
                _(
                    "Only the commerce commission and county staff list, publish, close or "
                    "recommend catalogue entries."
                )
            )

    def _check_county_user(self):
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            raise AccessError(_("Only county staff can verify or send declarations back."))

    def action_submit(self):
        """Township submits its declaration to the county (R4)."""
        self.check_access("write")
        if any(d.state != "draft" for d in self):
            raise UserError(_("Only draft declarations can be submitted."))
        self._check_preparation_open()
        self._xs_workflow_write(
            {"state": "submitted", "submitted_date": fields.Datetime.now(), "reject_reason": False}
        )

    def action_verify(self):
        """County bureau verifies a submitted declaration, which locks its figures."""
        self._check_county_user()
        if any(d.state != "submitted" for d in self):
            raise UserError(_("Only submitted declarations can be verified."))
        self._xs_workflow_write(
            {
                "state": "verified",
                "verified_date": fields.Datetime.now(),
                "verified_by_id": self.env.uid,
            }
        )

    def action_reject(self):
        """Open the wizard that sends declarations back to the township with a reason."""
        self._check_county_user()
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Back"),
            "res_model": "xs.declaration.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_declaration_ids": self.ids},
        }

    def _reject(self, reason):
        """Send back to draft with ``reason``; the township corrects and submits again."""
        self._check_county_user()
        if not reason or not reason.strip():
            raise UserError(_("Give the township a reason for sending the declaration back."))
        if any(d.state not in ("submitted", "verified") for d in self):
            raise UserError(_("Only submitted or verified declarations can be sent back."))
        for declaration in self.filtered("verified_date"):
            # R22: a declaration counted in a return filed upward stays as reported.
            if declaration.campaign_id._xs_is_locked(xs_date(declaration.verified_date)):
                raise UserError(
                    _(
                        "%(name)s was verified on %(date)s and reported upward (up to "
                        "%(lock)s): it can no longer be sent back.",
                        name=declaration.name,
                        date=xs_date(declaration.verified_date),
                        lock=declaration.campaign_id.reported_up_to,
                    )
                )
        self._xs_workflow_write(
            {
                "state": "draft",
                "reject_reason": reason.strip(),
                "verified_date": False,
                "verified_by_id": False,
            }
        )
        for declaration in self:
            declaration.message_post(
                body=_("Sent back to the township: %(reason)s", reason=reason.strip()),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
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
        SupplierInfo = self.env["product.supplierinfo"].sudo()
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
        SupplierInfo.create(to_create)

    def _xs_supplierinfo(self):
        """This entry's own vendor price (made when missing, e.g. listed before it existed):
        the one owner of "the entry's vendor price" that its purchase lines buy at."""
        self.ensure_one()
        # sudo: vendor prices are purchase data; read through the field, prefetched for the
        # other entries of the same order(s) (one query for all their procurements, and one
        # for all their vendor prices' values).
        infos = self.sudo().supplierinfo_ids
        info = infos[:1].with_prefetch(infos._prefetch_ids)
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
            actions = self.env["xs.campaign.action"].sudo().search([("action_type", "=", channel)])
            narrowed_to_others = self.sudo()._search(
                [("channel_partner_ids", "!=", False), ("channel_partner_ids", "not in", buyer.ids)]
            )
            return [
                ("state", "=", state),
                ("channel_action_ids", "in", actions.ids),
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

    @api.depends("state")
    def _compute_xs_is_verified(self):
        for declaration in self:
            declaration.xs_is_verified = declaration.state in VERIFIED_STATES

    def _search_xs_is_verified(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the verified flag."))
        verified = (operator == "=") == value
        return [("state", "in" if verified else "not in", VERIFIED_STATES)]

    @api.depends_context("uid")
    def _compute_xs_published_partner_id(self):
        # Odoo also checks record rules in Python (check_access/has_access evaluate the
        # portal rule with filtered_domain, which reads this field): it holds the current
        # user's partner on the entries published to it.
        partner = self.env.user.partner_id
        # sudo: the domain reads whom entries are reserved for, which no buyer reads itself
        # (channel_partner_ids is internal); only the user's own partner comes out.
        published = self.sudo().filtered_domain(self._xs_published_domain(partner))
        for declaration in self:
            declaration.xs_published_partner_id = partner if declaration in published else False

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

    # ------------------------------------------------------------------
    # R10 remaining quantity
    # ------------------------------------------------------------------

    def _xs_lock(self):
        """Lock the declaration rows until the end of the transaction.

        At REPEATABLE READ a transaction that waits here for a concurrent confirmation
        gets a serialization failure once that one commits (it wrote the row), and Odoo
        retries it on a fresh snapshot, where it sees the new remaining quantity.
        """
        if self.ids:
            self.env.cr.execute(
                "SELECT id FROM xs_surplus_declaration WHERE id IN %s FOR NO KEY UPDATE",
                [tuple(self.ids)],
            )

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

    def _xs_check_available(self, wanted, purchase=False):
        """Refuse an order of more than remains before anything is created (R10):
        ``wanted`` is {declaration id: quantity in its unit}. The check that counts is
        ``_xs_check_remaining`` under lock at confirmation; this one spares an order that
        cannot pass it (most orders once an entry runs out) the work of being created.
        ``purchase``: the quantity is an off-platform purchase being recorded."""
        rounding = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for declaration in self:
            if round(declaration.qty_remaining - wanted.get(declaration.id, 0.0), rounding) < 0:
                values = {
                    "remaining": round(declaration.qty_remaining, rounding),
                    "unit": declaration.uom_id.name,
                    "product": declaration.product_id.display_name,
                    "name": declaration.name,
                    "seller": declaration.seller_id.name,
                }
                if purchase:
                    raise UserError(
                        _(
                            "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                            "(%(seller)s): a purchase of it counts at most what is left. Record "
                            "at most that much against this entry, and the rest as a purchase "
                            "without a catalogue entry.",
                            **values,
                        )
                    )
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): the order asks for more. Reduce the quantity.",
                        **values,
                    )
                )

    def _xs_check_direct_purchase_fits(self, quantity, uom_id=None):
        """Tell a buyer recording an off-platform purchase of this entry at once when it is
        more than remains (R10), as ``_xs_check_available`` does for an order: verification
        would refuse it (``_xs_check_remaining``, under lock, is the check that counts)."""
        self.ensure_one()
        # sudo: what remains counts every buyer's orders; only that figure (and units'
        # factors, which portal users do not read) is read.
        entry = self.sudo()
        uom = entry.env["uom.uom"].browse(uom_id) if uom_id else entry.uom_id
        if uom.category_id != entry.uom_id.category_id:
            return  # the purchase's own constraint names the unit
        qty = uom._compute_quantity(quantity, entry.uom_id, round=False)
        entry._xs_check_available({entry.id: qty}, purchase=True)

    def _xs_check_remaining(self, pending=None, direct_purchases=None):
        """Refuse confirmed orders (or verified off-platform purchases, ``direct_purchases``)
        beyond the declared quantity, naming the declaration. Runs under ``_xs_lock()``.

        ``pending``: {declaration id: quantity} of the orders being confirmed (purchases
        being verified), already counted in ``qty_ordered``; the message tells what was left
        before them.
        """
        pending = pending or {}
        self.invalidate_recordset(["qty_ordered", "qty_remaining"])
        self.env.flush_all()
        rounding = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for declaration in self:
            if round(declaration.qty_remaining, rounding) < 0 and direct_purchases:
                # R10: the declared surplus caps what counts as sold of the entry.
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): %(purchases)s would count %(qty)s %(unit)s sold from it. "
                        "The declared surplus caps what is counted as sold of an entry: correct "
                        "the purchase to at most what is left and record the rest as a new "
                        "purchase without the catalogue entry (other county produce), or "
                        "reject it.",
                        remaining=round(
                            declaration.qty_remaining + pending.get(declaration.id, 0.0), rounding
                        ),
                        unit=declaration.uom_id.name,
                        product=declaration.product_id.display_name,
                        name=declaration.name,
                        seller=declaration.seller_id.name,
                        purchases=", ".join(
                            direct_purchases.filtered(
                                lambda p, d=declaration: p.declaration_id == d
                            ).mapped("name")
                        ),
                        qty=round(pending.get(declaration.id, 0.0), rounding),
                    )
                )
            if round(declaration.qty_remaining, rounding) < 0:
                raise UserError(
                    _(
                        "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                        "(%(seller)s): the order asks for more. Reduce the quantity.",
                        remaining=round(
                            declaration.qty_remaining + pending.get(declaration.id, 0.0), rounding
                        ),
                        unit=declaration.uom_id.name,
                        product=declaration.product_id.display_name,
                        name=declaration.name,
                        seller=declaration.seller_id.name,
                    )
                )

    def _xs_check_buyer_limit(self, orders):
        """R10: no buyer organisation takes more of an entry than the county allows it
        (``max_qty_per_buyer``), summed over its confirmed orders, ``orders`` (being
        confirmed, already in state sale) included. Runs under ``_xs_lock()`` with the
        remaining-quantity check: two orders of one buyer confirmed at once serialize on the
        entry's row, so the second one counts the first."""
        limited = self.filtered("max_qty_per_buyer")
        if not limited:
            return
        buyers = orders.partner_id.commercial_partner_id
        # sudo: the buyer's other orders, whoever confirms this one; only quantities are read.
        groups = (
            self.env["sale.order.line"]
            .sudo()
            ._read_group(
                [
                    ("xs_declaration_id", "in", limited.ids),
                    ("state", "=", "sale"),
                    ("order_partner_id", "child_of", buyers.ids),
                ],
                ["xs_declaration_id", "order_partner_id", "product_uom"],
                ["product_uom_qty:sum"],
            )
        )
        taken = defaultdict(float)
        for declaration, partner, uom, qty in groups:
            taken[declaration, partner.commercial_partner_id] += uom._compute_quantity(
                qty, declaration.uom_id, round=False
            )
        pending = defaultdict(float)
        for line in orders.order_line.filtered(lambda li: li.xs_declaration_id in limited):
            pending[line.xs_declaration_id, line.order_partner_id.commercial_partner_id] += (
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.xs_declaration_id.uom_id, round=False
                )
            )
        for (declaration, buyer), qty in pending.items():
            unit = declaration.uom_id
            total = taken[declaration.sudo(), buyer.sudo()]
            limit = declaration.max_qty_per_buyer
            if float_compare(total, limit, precision_rounding=unit.rounding) > 0:
                raise UserError(
                    _(
                        "%(buyer)s may take at most %(limit)s %(unit)s of %(product)s from "
                        "%(name)s; it already ordered %(before)s %(unit)s and this order asks "
                        "for %(qty)s more. Reduce the quantity.",
                        buyer=buyer.name,
                        limit=limit,
                        unit=unit.name,
                        product=declaration.product_id.display_name,
                        name=declaration.name,
                        before=float_round(total - qty, precision_rounding=unit.rounding),
                        qty=float_round(qty, precision_rounding=unit.rounding),
                    )
                )

    def _xs_parse_order_quantity(self, value):
        """R11, R19: the quantity of this entry asked for from outside (portal form, pulled
        platform order), as a float: a finite, positive number, a whole number of the
        entry's unit rounding, no more than what is left. Anything else raises a UserError
        naming the product and the value."""
        self.ensure_one()
        declaration = self.sudo()  # names and units for the message; self was searched
        product = declaration.product_id.display_name
        unit = declaration.uom_id
        try:
            if isinstance(value, bool):
                raise TypeError(value)
            qty = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            raise UserError(
                _("%(product)s: %(value)r is not a quantity.", product=product, value=value)
            ) from None
        if not math.isfinite(qty) or qty <= 0:
            raise UserError(
                _(
                    "%(product)s: the quantity must be a positive number, not %(value)s.",
                    product=product,
                    value=value,
                )
            )
        if float_compare(qty, declaration.qty_remaining, precision_rounding=unit.rounding) > 0:
            # Early and without the lock, so that absurd quantities go no further; the
            # confirmation checks again under the lock (_xs_check_remaining).
            raise UserError(
                _(
                    "Only %(remaining)s %(unit)s of %(product)s are left in %(name)s "
                    "(%(seller)s): the order asks for more. Reduce the quantity.",
                    remaining=float_round(
                        max(declaration.qty_remaining, 0.0), precision_rounding=unit.rounding
                    ),
                    unit=unit.name,
                    product=product,
                    name=declaration.name,
                    seller=declaration.seller_id.name,
                )
            )
        if float_is_zero(qty, precision_rounding=unit.rounding) or not float_is_zero(
            float_round(qty, precision_rounding=unit.rounding) - qty,
            precision_rounding=unit.rounding / 1000,
        ):
            raise UserError(
                _(
                    "%(product)s is ordered in steps of %(step)s %(unit)s: %(value)s is not "
                    "one of them.",
                    product=product,
                    step=unit.rounding,
                    unit=unit.name,
                    value=value,
                )
            )
        return qty

    def _xs_check_order_price(self, price):
        """R19: a unit price sent with an order from outside (a platform) must be a number
        equal to the declared price: the buyer pays what the farmers declared."""
        self.ensure_one()
        declaration = self.sudo()  # names for the message; self was searched
        currency = declaration.currency_id
        try:
            if isinstance(price, bool):
                raise TypeError(price)
            value = float(price)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or currency.compare_amounts(value, declaration.price_unit):
            raise UserError(
                _(
                    "%(product)s: the platform's price %(price)s is not the declared price "
                    "%(declared)s.",
                    product=declaration.product_id.display_name,
                    price=price,
                    declared=declaration.price_unit,
                )
            )

    def _xs_update_catalogue_state(self):
        """Sold out leaves the catalogue by itself (orders confirmed, off-platform purchases
        verified); a cancelled order puts it back."""
        for declaration in self:
            if declaration.state == "listed" and declaration.qty_remaining <= 0:
                declaration._xs_workflow_write({"state": "sold_out"})
            elif declaration.state == "sold_out" and declaration.qty_remaining > 0:
                declaration._xs_workflow_write({"state": "listed"})

    def action_view_sale_orders(self):
        self.ensure_one()
        return self.env["sale.order"]._xs_orders_action(
            [("order_line.xs_declaration_id", "=", self.id)]
        )

    def action_view_purchase_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_form_action")
        action["domain"] = [("order_line.xs_declaration_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # R20 sellers declare their own surplus in the portal
    # ------------------------------------------------------------------

    PORTAL_FIELDS = (
        "product",
        "category",
        "quantity",
        "uom",
        "price_unit",
        "date_available_from",
        "date_available_to",
        "location",
        "household_count",
        "poverty_household_count",
        "monitored_household_count",
        "contact_phone",
        "note",
    )

    @api.model
    def _xs_portal_seller(self):
        """The selling entity of the current portal user, or an error."""
        user = self.env.user
        seller = user.partner_id.commercial_partner_id
        if not user._is_portal() or not seller.xs_seller_type:
            raise AccessError(
                _("Only the portal users of a registered selling entity declare surplus here.")
            )
        if not seller.xs_township_id:
            raise UserError(
                _(
                    "%(seller)s is not attached to a township yet: ask your township to "
                    "register it before declaring.",
                    seller=seller.name,
                )
            )
        return seller

    @api.model
    def _xs_portal_campaigns(self):
        """Campaigns whose preparation is open: the ones a seller may declare in."""
        # sudo: campaign dates and phases are public to every seller of the county.
        return self.env["xs.campaign"].sudo().search([]).filtered("preparation_open")

    @api.model
    def _xs_portal_products(self):
        # sudo: product names only, for the form's suggestions.
        return self.env["product.product"].sudo().search(PRODUCE_DOMAIN, order="name")

    @api.model
    def _xs_portal_propose_product(self, name):
        """R4: the portal seller proposes a produce the county's list lacks: the first staff
        member of its township gets a to-do to add it (name, category, unit). Returns the
        township."""
        seller = self._xs_portal_seller()
        # sudo: portal sellers read no township and schedule no activity; the to-do names
        # only the seller and the produce it typed.
        township_sudo = seller.xs_township_id.sudo()
        seller_sudo = seller.sudo()
        staff = township_sudo.user_ids.filtered(lambda u: not u.share)[:1]
        summary = _("New produce proposed: %(name)s", name=name)
        if staff and summary not in seller_sudo.activity_ids.mapped("summary"):
            seller_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=staff.id,
                summary=summary,
                note=_(
                    "%(seller)s proposes “%(name)s” in the seller portal. Add it to the "
                    "county's produce list (name, produce category, unit) from a declaration's "
                    "product field, then tell the seller to declare it.",
                    seller=seller.name,
                    name=name,
                ),
            )
        return township_sudo

    @api.model
    def _xs_portal_values(self, post, campaign):
        """Declaration values from the portal form ``post`` (strings), read as the
        township's sheet is read; every problem is reported at once."""
        env = self.env
        errors = []
        vals = {}

        def read(fname, reader, *args):
            try:
                return reader(env, post.get(fname), *args)
            except intake.IntakeError as e:
                label = (
                    self._fields[fname]._description_string(env) if fname in self._fields else fname
                )
                errors.append(f"{label}: {e.args[0]}")
                return None

        product_name = intake.clean_text(post.get("product"))
        # sudo: matching a product name of the county's list; only its id is kept.
        product = (
            self.env["product.product"]
            .sudo()
            .search([*PRODUCE_DOMAIN, ("name", "=", product_name)], limit=1)
            if product_name
            else self.env["product.product"]
        )
        if not product and product_name:
            # R4: the seller's free text proposes the produce to its township (the to-do is
            # kept: the portal shows this message and the request goes on).
            township = self._xs_portal_propose_product(product_name)
            errors.append(
                _(
                    "Product: “%(name)s” is not in the county's product list yet. %(township)s "
                    "has been asked to add it: declare it once it is in the list, or pick one "
                    "of the suggestions.",
                    name=product_name,
                    township=township.name,
                )
            )
        elif not product:
            errors.append(
                _("%(field)s: required.", field=self._fields["product_id"]._description_string(env))
            )
        uom = read("uom", intake.to_unit, intake.unit_lookup(env))
        category = read(
            "category", intake.to_selection, intake.selection_lookup(env, self._name, "category")
        )
        vals.update(
            product_id=product.id,
            uom_id=(uom or product.uom_id).id,
            category=category or product.categ_id.xs_declaration_category or "other",
            quantity=read("quantity", intake.to_number, "quantity"),
            price_unit=read("price_unit", intake.to_number, "price"),
            date_available_from=read("date_available_from", intake.to_date),
            date_available_to=read("date_available_to", intake.to_date),
            household_count=read("household_count", intake.to_integer) or 0,
            poverty_household_count=read("poverty_household_count", intake.to_integer) or 0,
            monitored_household_count=read("monitored_household_count", intake.to_integer) or 0,
            location=intake.free_text(post.get("location")) or False,
            contact_phone=intake.clean_text(post.get("contact_phone")) or False,
            note=intake.free_text(post.get("note")) or False,
        )
        for fname in ("quantity", "price_unit", "date_available_from", "date_available_to"):
            if vals[fname] is None and not any(
                e.startswith(self._fields[fname]._description_string(env)) for e in errors
            ):
                errors.append(
                    _("%(field)s: required.", field=self._fields[fname]._description_string(env))
                )
        if product and uom and uom.category_id != product.uom_id.category_id:
            errors.append(
                _(
                    "Unit: %(product)s is counted in %(unit)s; %(other)s cannot be converted.",
                    product=product.name,
                    unit=product.uom_id.name,
                    other=uom.name,
                )
            )
        if vals["contact_phone"]:
            try:
                vals["contact_phone"] = env["res.partner"]._xs_normalize_phone(
                    vals["contact_phone"]
                )
            except ValidationError as e:
                errors.append(e.args[0])
        if vals["quantity"] is not None and vals["price_unit"] is not None:
            fields_label = {f: self._fields[f]._description_string(env) for f in self.FIGURE_FIELDS}
            errors += [
                f"{fields_label[fname]}: {message}"
                for fname, message in self._xs_figure_errors(vals, campaign)
            ]
        if errors:
            raise UserError("\n".join(errors))
        return vals

    @api.model
    def _xs_portal_declare(self, campaign_id, post):
        """A seller's portal user declares its own surplus: a draft of its own selling
        entity, in its township, while the campaign's preparation is open; the township
        checks it and submits it to the county."""
        seller = self._xs_portal_seller()
        campaign = self._xs_portal_campaigns().filtered(lambda c: c.id == campaign_id)
        if not campaign:
            raise UserError(_("Choose a campaign whose survey of unsold produce is open."))
        vals = self._xs_portal_values(post, campaign)
        if not vals["contact_phone"]:
            vals["contact_phone"] = seller.mobile or seller.phone or False
        vals.update(
            campaign_id=campaign.id,
            township_id=seller.xs_township_id.id,
            seller_id=seller.id,
            origin="portal",
        )
        # sudo: portal users have no right to create declarations. Seller, township, state
        # (draft by default) and origin are set here, the other values are the form's
        # whitelist above, and create() applies every rule of the township form.
        declaration = self.sudo().create(vals)
        declaration.message_post(
            body=_(
                "Declared by %(user)s of %(seller)s in the seller portal: the township checks "
                "it and submits it to the county.",
                user=self.env.user.name,
                seller=seller.name,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return declaration.sudo(False)

    def _xs_portal_update(self, post):
        """The seller corrects its own draft (one the county or township sent back)."""
        self.ensure_one()
        seller = self._xs_portal_seller()
        declaration = self.sudo()
        if declaration.seller_id != seller:
            raise AccessError(_("This declaration belongs to another selling entity."))
        if declaration.state != "draft":
            raise UserError(
                _(
                    "%(name)s is already with the county: only drafts can be corrected.",
                    name=declaration.name,
                )
            )
        declaration._check_preparation_open()
        vals = self._xs_portal_values(post, declaration.campaign_id)
        if not vals["contact_phone"]:
            vals.pop("contact_phone")
        # sudo: as in _xs_portal_declare; the record is the seller's own draft (checked above).
        declaration.write(vals)
        declaration.message_post(
            body=_("Corrected by %(user)s in the seller portal.", user=self.env.user.name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
