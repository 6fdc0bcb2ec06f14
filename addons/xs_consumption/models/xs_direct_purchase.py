from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .. import intake
from ..tools import xs_check_attribution, xs_date, xs_today, xs_today_default

# The kind of number (intake.NUMBER_LIMITS) of each typed figure.
NUMBER_KINDS = {"quantity": "quantity", "amount": "amount"}
# Written only by the action methods below.
CONTROL_FIELDS = {"name", "state", "verified_by_id", "verified_date", "reject_reason"}


class XsDirectPurchase(models.Model):
    """A purchase made directly from a seller, off the platform (canteens, union holidays,
    staff purchases), recorded afterwards with its evidence by the buyer (portal) or by
    township or lead-department staff. The county verifies or rejects it: verified ones
    count in every figure and return as their own source (xs.counted.line), and one of a
    catalogue entry sells its declared surplus like an order (qty_ordered, qty_remaining),
    never beyond it; rejected ones never count. A purchase already on a platform order
    cannot be verified again."""

    _name = "xs.direct.purchase"
    _description = "Off-Platform Purchase"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    campaign_id = fields.Many2one("xs.campaign", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Purchase Date", required=True, default=xs_today_default, tracking=True
    )
    buyer_id = fields.Many2one(
        "res.partner",
        string="Buyer Organisation",
        required=True,
        index=True,
        tracking=True,
        domain=[("xs_buyer_category", "!=", False)],
    )
    seller_id = fields.Many2one(
        "res.partner",
        string="Selling Entity",
        required=True,
        index=True,
        tracking=True,
        domain=[("xs_seller_type", "!=", False)],
    )
    declaration_id = fields.Many2one(
        "xs.surplus.declaration",
        string="Catalogue Entry",
        index="btree_not_null",
        tracking=True,
        domain="[('campaign_id', '=', campaign_id), ('seller_id', '=', seller_id)]",
        help="The declared unsold produce bought, if any; otherwise name the product.",
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        tracking=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(digits="Product Unit of Measure", required=True, tracking=True)
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        required=True,
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount = fields.Monetary(string="Amount Paid", required=True, tracking=True)
    action_id = fields.Many2one(
        "xs.campaign.action",
        string="Campaign Action",
        index=True,
        tracking=True,
        compute="_compute_action_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('campaign_id', '=', campaign_id)]",
    )
    work_team_id = fields.Many2one(
        "xs.work.team",
        tracking=True,
        help="The township work team that brought the purchase in.",
    )
    # R30: what the purchase counts toward besides its action, as an order would.
    commitment_id = fields.Many2one(
        "xs.buyer.commitment",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('buyer_id', '=', buyer_id), ('campaign_id', '=', campaign_id), "
        "('state', '=', 'confirmed')]",
    )
    agreement_id = fields.Many2one(
        "xs.supply.agreement",
        string="Supply Agreement",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('buyer_id', '=', buyer_id), ('campaign_id', '=', campaign_id), "
        "('state', '=', 'active')]",
    )
    event_id = fields.Many2one(
        "xs.event",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id), ('state', '!=', 'cancelled')]",
        help="The fair, exhibition or e-commerce promotion the purchase came from (R12).",
    )
    township_id = fields.Many2one(
        "xs.township",
        index=True,
        compute="_compute_township_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    evidence = fields.Binary(attachment=True, help="Invoice, receipt or delivery note (photo).")
    evidence_filename = fields.Char()
    note = fields.Text()
    state = fields.Selection(
        [("submitted", "To Verify"), ("verified", "Verified"), ("rejected", "Rejected")],
        default="submitted",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    reject_reason = fields.Text(readonly=True, copy=False, tracking=True)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive."),
        ("amount_positive", "CHECK(amount > 0)", "The amount must be positive."),
    ]

    @api.depends("declaration_id")
    def _compute_product_id(self):
        for purchase in self:
            if purchase.declaration_id:
                purchase.product_id = purchase.declaration_id.product_id

    @api.depends("declaration_id", "product_id")
    def _compute_uom_id(self):
        for purchase in self:
            if purchase.declaration_id:
                purchase.uom_id = purchase.declaration_id.uom_id
            elif purchase.product_id and not purchase.uom_id:
                purchase.uom_id = purchase.product_id.uom_id

    @api.depends("campaign_id", "buyer_id", "commitment_id", "agreement_id")
    def _compute_action_id(self):
        # As an order's: the commitment's action, else the agreement's, else the buyer's
        # channel's.
        for purchase in self:
            if purchase.commitment_id:
                purchase.action_id = purchase.commitment_id.action_id
            elif purchase.agreement_id.action_id:
                purchase.action_id = purchase.agreement_id.action_id
            elif not purchase.campaign_id:
                # A new purchase before its campaign is chosen.
                purchase.action_id = False
            elif purchase.action_id.campaign_id != purchase.campaign_id or not purchase.action_id:
                purchase.action_id = purchase.campaign_id._xs_channel_action(purchase.buyer_id)

    @api.depends("declaration_id", "seller_id")
    def _compute_township_id(self):
        for purchase in self:
            purchase.township_id = (
                purchase.declaration_id.township_id or purchase.seller_id.xs_township_id
            )

    @api.constrains("quantity", "amount")
    def _check_numbers(self):
        """No purchase of an absurd quantity or amount, however it is written."""
        for purchase in self:
            for fname, kind in NUMBER_KINDS.items():
                error = intake.number_error(self.env, purchase[fname], kind)
                if error:
                    raise ValidationError(
                        _(
                            "%(name)s, %(field)s: %(error)s",
                            name=purchase.name,
                            field=self._fields[fname]._description_string(self.env),
                            error=error,
                        )
                    )

    @api.constrains("declaration_id", "seller_id", "campaign_id", "product_id", "uom_id")
    def _check_declaration(self):
        for purchase in self.filtered("declaration_id"):
            declaration = purchase.declaration_id
            if (
                declaration.seller_id != purchase.seller_id
                or declaration.campaign_id != purchase.campaign_id
                or declaration.product_id != purchase.product_id
            ):
                raise ValidationError(
                    _(
                        "%(name)s: catalogue entry %(entry)s is %(seller)s's %(product)s in "
                        "%(campaign)s.",
                        name=purchase.name,
                        entry=declaration.name,
                        seller=declaration.seller_id.name,
                        product=declaration.product_id.display_name,
                        campaign=declaration.campaign_id.name,
                    )
                )
            if purchase.uom_id.category_id != declaration.uom_id.category_id:
                raise ValidationError(
                    _(
                        "%(name)s: %(product)s is counted in %(unit)s.",
                        name=purchase.name,
                        product=declaration.product_id.display_name,
                        unit=declaration.uom_id.name,
                    )
                )

    @api.constrains(
        "action_id", "campaign_id", "date", "buyer_id", "commitment_id", "agreement_id", "event_id"
    )
    def _check_campaign(self):
        for purchase in self:
            campaign = purchase.campaign_id
            xs_check_attribution(
                self.env,
                purchase.name,
                campaign,
                purchase.buyer_id.commercial_partner_id,
                action=purchase.action_id,
                commitment=purchase.commitment_id,
                agreement=purchase.agreement_id,
                event=purchase.event_id,
            )
            if not campaign.date_start <= purchase.date <= campaign.date_end:
                raise ValidationError(
                    _(
                        "%(name)s is dated %(date)s, outside %(campaign)s (%(start)s to %(end)s).",
                        name=purchase.name,
                        date=purchase.date,
                        campaign=campaign.name,
                        start=campaign.date_start,
                        end=campaign.date_end,
                    )
                )
            if purchase.date > xs_today(self.env):
                raise ValidationError(
                    _("%(name)s: a purchase cannot be dated in the future.", name=purchase.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            intake.check_number_vals(self, vals, NUMBER_KINDS)
            forbidden = CONTROL_FIELDS.intersection(vals) - {"state"}
            if vals.get("name") == "/":
                forbidden.discard("name")  # the field's own default
            if forbidden or vals.get("state", "submitted") != "submitted":
                raise AccessError(
                    _("An off-platform purchase is recorded to be verified by the county.")
                )
            # The reference is the sequence's, never the client's (write() refuses it).
            vals["name"] = self.env["ir.sequence"].next_by_code("xs.direct.purchase") or "/"
        purchases = super().create(vals_list)
        purchases._xs_check_period_lock()
        return purchases

    def write(self, vals):
        # Rights first: a role that may not edit gets an access error, not a workflow hint.
        self.check_access("write")
        if CONTROL_FIELDS.intersection(vals):
            raise AccessError(
                _("Verify or reject off-platform purchases with their buttons, not by editing.")
            )
        # What the purchase is and counts for once verified (xs.counted.line reads it):
        # changed only while it awaits the county's verification.
        counted = self.env["xs.counted.line"]._xs_counted_fields(self._name)
        if (counted - CONTROL_FIELDS).intersection(vals):
            intake.check_number_vals(self, vals, NUMBER_KINDS)
            if any(p.state != "submitted" for p in self):
                raise UserError(
                    _(
                        "%(names)s was already verified or rejected: record a correction as "
                        "a new purchase.",
                        names=", ".join(
                            self.filtered(lambda p: p.state != "submitted").mapped("name")
                        ),
                    )
                )
            self._xs_check_period_lock()
            res = super().write(vals)
            self._xs_check_period_lock()
            return res
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_verified(self):
        if any(p.state == "verified" for p in self):
            raise UserError(
                _("Verified off-platform purchases count in returns: reject, do not delete.")
            )

    def _xs_check_period_lock(self):
        """R22: nothing is added to or changed in a period already filed upward (the
        purchase counts on its date once verified)."""
        for purchase in self:
            # sudo: the campaign's periods bind whoever records the purchase.
            purchase.campaign_id.sudo()._xs_check_period_open(
                purchase.date,
                purchase.env._("Off-platform purchase %(name)s", name=purchase.name),
            )

    def _xs_check_county_user(self):
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            raise AccessError(_("Only county staff verify or reject off-platform purchases."))

    def _xs_check_not_on_platform(self):
        """The same purchase cannot count twice: refuse one that matches a confirmed platform
        order line of the same buyer, product, day and quantity."""
        for purchase in self:
            # sudo: county staff compare with every platform order; nothing is returned.
            lines_sudo = (
                self.env["sale.order.line"]
                .sudo()
                .search(
                    [
                        ("state", "=", "sale"),
                        ("order_id.xs_campaign_id", "=", purchase.campaign_id.id),
                        ("order_id.partner_id", "child_of", purchase.buyer_id.id),
                        ("product_id", "=", purchase.product_id.id),
                    ]
                )
            )
            for line_sudo in lines_sudo:
                same_qty = line_sudo.product_uom._compute_quantity(
                    line_sudo.product_uom_qty, purchase.uom_id, round=False
                )
                if (
                    xs_date(line_sudo.order_id.date_order) == purchase.date
                    and abs(same_qty - purchase.quantity) < 1e-6
                ):
                    raise UserError(
                        _(
                            "%(name)s looks like platform order %(order)s (same buyer, product, "
                            "day and quantity), which already counts. Reject it if it is the "
                            "same purchase.",
                            name=purchase.name,
                            order=line_sudo.order_id.name,
                        )
                    )

    def action_verify(self):
        """County staff verify the evidence: the purchase counts from now on."""
        self._xs_check_county_user()
        if any(p.state != "submitted" for p in self):
            raise UserError(_("Only purchases waiting for verification can be verified."))
        self._xs_check_period_lock()
        self._xs_check_not_on_platform()
        # R10: a purchase of a catalogue entry sells its declared surplus, like an order:
        # taken through the same path as an order's confirmation (the entry's row lock), so
        # a platform order for the last units and this verification cannot both pass.
        linked = self.filtered("declaration_id")
        self.env["xs.surplus.declaration"]._xs_take(
            [(p.declaration_id, p.quantity, p.uom_id, p.buyer_id) for p in linked]
        )
        # The control fields are written here only (write() refuses them).
        super().write(
            {
                "state": "verified",
                "verified_by_id": self.env.uid,
                "verified_date": fields.Datetime.now(),
                "reject_reason": False,
            }
        )
        # sudo: county staff need not read every order of the entry that decides whether it
        # sold out.
        linked.declaration_id.sudo()._xs_update_catalogue_state()
        return True

    def action_reject(self, reason=None):
        """County staff reject a purchase (no or bad evidence, counted elsewhere)."""
        self._xs_check_county_user()
        if any(p.state != "submitted" for p in self):
            raise UserError(_("Only purchases waiting for verification can be rejected."))
        super().write({"state": "rejected", "reject_reason": (reason or "").strip() or False})
        return True

    @api.model
    def _xs_portal_record(self, vals):
        """R11: the logged-in portal buyer records a purchase its organisation made directly
        from a seller. Returns the new purchase, waiting for the county."""
        buyer = self.env.user.partner_id.commercial_partner_id
        if not buyer.xs_buyer_category:
            raise AccessError(_("Only buyer organisations record off-platform purchases."))
        allowed = {
            "campaign_id",
            "date",
            "seller_id",
            "declaration_id",
            "product_id",
            "quantity",
            "uom_id",
            "amount",
            "evidence",
            "evidence_filename",
            "note",
            "commitment_id",
        }
        vals = {key: value for key, value in vals.items() if key in allowed and value}
        for key in ("quantity", "amount"):
            if not (0 < vals.get(key, 0) < float("inf")):
                raise UserError(_("Enter a positive quantity and the amount paid."))
        declaration = self.env["xs.surplus.declaration"]
        if vals.get("declaration_id"):
            # Searched in the buyer's own environment: only entries published to it.
            declaration = declaration.search([("id", "=", vals["declaration_id"])])
            if not declaration:
                raise UserError(_("This product is not in your catalogue."))
            vals.update(
                campaign_id=declaration.campaign_id.id,
                seller_id=declaration.seller_id.id,
                product_id=declaration.product_id.id,
            )
        if not vals.get("campaign_id") or not vals.get("seller_id") or not vals.get("product_id"):
            raise UserError(_("Choose the product bought from the catalogue."))
        if not vals.get("evidence"):
            raise UserError(_("Attach the invoice or receipt."))
        if vals.get("commitment_id"):
            # R30: one of the buyer's own confirmed commitments of the entry's campaign,
            # searched in the buyer's environment (the record rule hides others').
            commitment = self.env["xs.buyer.commitment"].search(
                [
                    ("id", "=", vals["commitment_id"]),
                    ("state", "=", "confirmed"),
                    ("campaign_id", "=", vals["campaign_id"]),
                ]
            )
            if not commitment:
                raise UserError(_("Choose one of your confirmed commitments of this campaign."))
        if declaration:
            # Told at once what verification would say (R10).
            declaration._xs_take(
                [
                    (
                        declaration,
                        vals["quantity"],
                        self.env["uom.uom"].browse(vals.get("uom_id")),
                        buyer,
                    )
                ]
            )
        # sudo: portal buyers cannot create records themselves. Safe: the buyer is the
        # logged-in user's organisation, the entry one its record rule lets it read, and
        # the purchase counts only once county staff verify it.
        purchase_sudo = self.sudo().create(dict(vals, buyer_id=buyer.id))
        return purchase_sudo.sudo(False)
