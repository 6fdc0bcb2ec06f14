from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

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


class XsSurplusDeclaration(models.Model):
    """A township's declaration of unsold produce (滞销农产品申报), R4: its figures, the rules
    they follow and its workflow. The catalogue entry it becomes, the quantities taken from
    it and the seller portal's form live beside it (xs_surplus_declaration_*.py)."""

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

    xs_is_verified = fields.Boolean(
        string="Verified",
        compute="_compute_xs_is_verified",
        search="_search_xs_is_verified",
        help="Verified by the county: listed, sold out and closed entries included.",
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

    @api.constrains(*FIGURE_FIELDS, "campaign_id")
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
        candidates_sudo = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("campaign_id", "in", list({k[0] for k in keys})),
                ("seller_id", "in", list({k[2] for k in keys})),
                ("product_id", "in", list({k[3] for k in keys})),
            ]
        )
        existing = {
            (c.campaign_id.id, c.township_id.id, c.seller_id.id, c.product_id.id): c
            for c in candidates_sudo
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
        sequence_sudo = (
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
        if not sequence_sudo:
            return ["/"] * count
        if sequence_sudo.implementation != "standard" or sequence_sudo.use_date_range:
            return [sequence_sudo.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence_sudo.id:03d}",
                count,
            )
        )
        return [sequence_sudo.get_next_char(number) for (number,) in self.env.cr.fetchall()]

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

    @api.depends("state")
    def _compute_xs_is_verified(self):
        for declaration in self:
            declaration.xs_is_verified = declaration.state in VERIFIED_STATES

    def _search_xs_is_verified(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the verified flag."))
        verified = (operator == "=") == value
        return [("state", "in" if verified else "not in", VERIFIED_STATES)]
