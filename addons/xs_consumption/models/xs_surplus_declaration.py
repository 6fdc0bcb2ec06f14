from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CATEGORIES = [
    ("vegetable", "Vegetables"),
    ("livestock", "Livestock Products"),
    ("fruit", "Fruit"),
    ("other", "Other"),
]

# Figures the county verifies: once verified they change only after sending back (R4, R22).
LOCKED_FIELDS = {
    "campaign_id", "township_id", "seller_id", "product_id", "category", "quantity",
    "uom_id", "price_unit", "date_available_from", "date_available_to", "location",
    "industry_coverage", "industry_scale", "household_count", "poverty_household_count",
    "monitored_household_count", "contact_phone",
}
EDITABLE_STATES = ("draft", "submitted")


class XsSurplusDeclaration(models.Model):
    """A township's declaration of unsold produce (滞销农产品申报), R4."""

    _name = "xs.surplus.declaration"
    _description = "Surplus Declaration"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    campaign_id = fields.Many2one(
        "xs.campaign", required=True, index=True, tracking=True, check_company=True,
        default=lambda self: self._default_campaign_id(),
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    township_id = fields.Many2one(
        "xs.township", required=True, index=True, tracking=True,
        default=lambda self: self.env.user.xs_township_ids[:1],
    )
    seller_id = fields.Many2one(
        "res.partner", string="Selling Entity", required=True, index=True, tracking=True,
        domain=[("xs_seller_type", "!=", False)],
    )
    seller_type = fields.Selection(related="seller_id.xs_seller_type", string="Seller Type")
    product_id = fields.Many2one(
        "product.product", required=True, index=True, tracking=True,
        domain=[("type", "=", "consu")],
    )
    category = fields.Selection(CATEGORIES, required=True, default="vegetable", tracking=True)
    quantity = fields.Float(digits="Product Unit of Measure", required=True, tracking=True)
    uom_id = fields.Many2one(
        "uom.uom", string="Unit", required=True, tracking=True,
        compute="_compute_uom_id", store=True, readonly=False, precompute=True,
    )
    price_unit = fields.Monetary(string="Unit Price", required=True, tracking=True)
    amount_total = fields.Monetary(
        string="Total Value", compute="_compute_amount_total", store=True
    )
    date_available_from = fields.Date(
        string="Available From", required=True, tracking=True, default=fields.Date.context_today
    )
    date_available_to = fields.Date(
        string="Available Until", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(days=30),
    )
    location = fields.Char(string="Where Available", tracking=True)
    industry_coverage = fields.Char(
        tracking=True, help="How widely the industry covers the township (villages, area).",
    )
    industry_scale = fields.Char(tracking=True, help="Production scale, e.g. 800 mu, 2,000 head.")
    household_count = fields.Integer(string="Households Linked", tracking=True)
    poverty_household_count = fields.Integer(
        string="Poverty-Alleviated Households", tracking=True, help="脱贫户 among the households."
    )
    monitored_household_count = fields.Integer(
        string="Monitored Households", tracking=True, help="监测对象 among the households."
    )
    contact_phone = fields.Char(tracking=True)
    note = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("verified", "Verified")],
        default="draft", required=True, readonly=True, copy=False, index=True, tracking=True,
    )
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)
    submitted_date = fields.Datetime(readonly=True, copy=False)
    verified_date = fields.Datetime(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    is_locked = fields.Boolean(compute="_compute_is_locked")

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

    @api.depends("product_id")
    def _compute_uom_id(self):
        for declaration in self:
            if declaration.product_id and not declaration.uom_id:
                declaration.uom_id = declaration.product_id.uom_id

    @api.depends("quantity", "price_unit")
    def _compute_amount_total(self):
        for declaration in self:
            declaration.amount_total = declaration.quantity * declaration.price_unit

    @api.depends("state")
    def _compute_is_locked(self):
        for declaration in self:
            declaration.is_locked = declaration.state not in EDITABLE_STATES

    @api.constrains("quantity", "price_unit")
    def _check_positive(self):
        for declaration in self:
            if declaration.quantity <= 0:
                raise ValidationError(
                    _("%(name)s: the quantity must be positive.", name=declaration.display_name)
                )
            if declaration.price_unit <= 0:
                raise ValidationError(
                    _("%(name)s: the unit price must be positive.", name=declaration.display_name)
                )

    @api.constrains(
        "household_count", "poverty_household_count", "monitored_household_count"
    )
    def _check_households(self):
        for declaration in self:
            counts = (
                declaration.household_count,
                declaration.poverty_household_count,
                declaration.monitored_household_count,
            )
            if min(counts) < 0:
                raise ValidationError(
                    _("%(name)s: household counts cannot be negative.",
                      name=declaration.display_name)
                )
            if counts[1] + counts[2] > counts[0]:
                raise ValidationError(
                    _(
                        "%(name)s: %(poverty)s poverty-alleviated and %(monitored)s monitored "
                        "households are more than the %(total)s households linked.",
                        name=declaration.display_name, poverty=counts[1],
                        monitored=counts[2], total=counts[0],
                    )
                )

    @api.constrains("date_available_from", "date_available_to", "campaign_id")
    def _check_availability(self):
        for declaration in self:
            start, end = declaration.date_available_from, declaration.date_available_to
            campaign = declaration.campaign_id
            if end < start:
                raise ValidationError(
                    _("%(name)s: the produce is available until %(end)s, before %(start)s.",
                      name=declaration.display_name, start=start, end=end)
                )
            if end < campaign.date_start or start > campaign.date_end:
                raise ValidationError(
                    _(
                        "%(name)s: the produce must be available during the campaign "
                        "(%(start)s to %(end)s).",
                        name=declaration.display_name,
                        start=campaign.date_start, end=campaign.date_end,
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

    @api.model_create_multi
    def create(self, vals_list):
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
        declarations = super().create(vals_list)
        declarations._check_preparation_open()
        sequence = self.env["ir.sequence"]
        for declaration in declarations:
            if declaration.name == "/":
                declaration.name = sequence.next_by_code("xs.surplus.declaration") or "/"
        return declarations

    def write(self, vals):
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
                [
                    tuple(vals[f] if f in vals else d[f].id for f in key_fields)
                    for d in self
                ]
            )
        return super().write(vals)

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
            raise AccessError(_("Only county staff can verify or send back declarations."))

    def action_submit(self):
        """Township submits its declaration to the county (R4)."""
        self.check_access("write")
        if any(d.state != "draft" for d in self):
            raise UserError(_("Only draft declarations can be submitted."))
        self._check_preparation_open()
        self.write(
            {"state": "submitted", "submitted_date": fields.Datetime.now(), "reject_reason": False}
        )

    def action_verify(self):
        """County bureau verifies a submitted declaration, which locks its figures."""
        self._check_county_user()
        if any(d.state != "submitted" for d in self):
            raise UserError(_("Only submitted declarations can be verified."))
        self.write(
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
        self.write(
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
                message_type="comment", subtype_xmlid="mail.mt_note",
            )
