from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import xs_today, xs_today_default

# R15: assessed by county staff or the responsible department only.
ASSESSED_FIELDS = {"severity", "scope", "product_id", "seller_id", "declaration_id"}

# R15: what an open serious issue blocks, and nothing beyond it.
SCOPES = [
    ("declaration", "This Catalogue Entry"),
    ("seller", "This Seller's Product"),
    ("product", "The Product County-Wide (Alert)"),
]


class XsQualityIssue(models.Model):
    """Quality and risk supervision (R15): certificates, inspections, complaints, brand
    and trademark problems and public-opinion incidents (舆情), each with a responsible
    department and an outcome. An open serious issue blocks orders within its scope: one
    catalogue entry, one seller's product, or the product county-wide (an alert)."""

    _name = "xs.quality.issue"
    _description = "Quality Issue"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date_reported desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    issue_type = fields.Selection(
        [
            ("certificate", "Certificate"),
            ("inspection", "Inspection"),
            ("complaint", "Complaint"),
            ("brand", "Brand / Trademark"),
            ("public_opinion", "Public Opinion"),
        ],
        string="Type",
        required=True,
        default="complaint",
        tracking=True,
    )
    severity = fields.Selection(
        [("minor", "Minor"), ("major", "Major"), ("serious", "Serious")],
        required=True,
        default="minor",
        tracking=True,
        help="A serious open issue stops new orders of the product until it is cleared.",
    )
    declaration_id = fields.Many2one("xs.surplus.declaration", index=True, ondelete="restrict")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    seller_id = fields.Many2one(
        "res.partner",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        domain=[("xs_seller_type", "!=", False)],
    )
    scope = fields.Selection(
        SCOPES,
        string="Blocks",
        required=True,
        tracking=True,
        compute="_compute_scope",
        store=True,
        readonly=False,
        precompute=True,
        help="What a serious open issue stops from being ordered until it is cleared: the "
        "entry it was raised on, every entry of that seller's product, or the product from "
        "every seller in the county.",
    )
    department_id = fields.Many2one(
        "res.partner",
        string="Responsible Department",
        tracking=True,
        domain=[("xs_is_department", "=", True)],
        help="Market regulation, agriculture, culture and tourism, cyberspace affairs...",
    )
    date_reported = fields.Date(required=True, default=xs_today_default)
    description = fields.Text()
    outcome = fields.Text(tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("cleared", "Cleared")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    date_cleared = fields.Date(readonly=True)

    @api.depends("declaration_id")
    def _compute_product_id(self):
        for issue in self.filtered("declaration_id"):
            issue.product_id = issue.declaration_id.product_id
            issue.seller_id = issue.declaration_id.seller_id

    @api.depends("declaration_id", "seller_id")
    def _compute_scope(self):
        # By default an issue is about the seller's product it was found in; a county-wide
        # alert is the assessor's decision.
        for issue in self:
            if not issue.scope or (issue.scope == "seller" and not issue.seller_id):
                issue.scope = "seller" if issue.seller_id else "product"

    @api.constrains("scope", "declaration_id", "seller_id")
    def _check_scope(self):
        for issue in self:
            if issue.scope == "declaration" and not issue.declaration_id:
                raise ValidationError(
                    _("%(name)s: choose the catalogue entry it blocks.", name=issue.name)
                )
            if issue.scope == "seller" and not issue.seller_id:
                raise ValidationError(_("%(name)s: choose the seller it blocks.", name=issue.name))

    @api.model_create_multi
    def create(self, vals_list):
        issues = super().create(vals_list)
        issues.filtered("department_id")._xs_tell_department()
        return issues

    def _xs_tell_department(self):
        """R28: the responsible department's staff are told of the issue and one of them
        gets a to-do with a deadline by severity (serious: 2 days, major: 5, minor: 10)."""
        days = {"serious": 2, "major": 5, "minor": 10}
        for issue in self:
            users = self._xs_logins_of(issue.department_id, share=False)
            if not users:
                continue
            issue._xs_notify(
                users.partner_id,
                lambda i: (
                    i.env._("Quality issue for your department: %(name)s", name=i.name),
                    i.env._(
                        "%(name)s (%(product)s, %(seller)s) was reported and assigned to your "
                        "department. Record the outcome by %(deadline)s.",
                        name=i.name,
                        product=i.product_id.name,
                        seller=i.seller_id.name or "-",
                        deadline=xs_today(i.env) + timedelta(days=days[i.severity]),
                    ),
                ),
            )
            user = users[0]
            issue.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=xs_today(self.env) + timedelta(days=days[issue.severity]),
                user_id=user.id,
                summary=issue.with_context(lang=user.lang).env._("Assess the quality issue"),
            )

    def write(self, vals):
        # Only county staff decide that an issue no longer blocks orders.
        if {"state", "date_cleared"} & set(vals):
            self._check_county_user()
        # R15: what an issue is about and how serious it is (a serious one blocks orders)
        # is assessed by county staff or the responsible department, never by whoever
        # raised it; and only county staff hand an issue to another department.
        changed = {fname for fname in ASSESSED_FIELDS & set(vals) if self._xs_changes(fname, vals)}
        if changed:
            self._check_assessor()
        if "department_id" in vals and self._xs_changes("department_id", vals):
            self._check_county_user(
                _("Only county staff assign the responsible department of a quality issue.")
            )
        res = super().write(vals)
        if vals.get("department_id"):
            self._xs_tell_department()
        return res

    def _xs_changes(self, fname, vals):
        field = self._fields[fname]
        return any(field.convert_to_write(issue[fname], issue) != vals[fname] for issue in self)

    def _check_county_user(self, message=None):
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            raise AccessError(message or _("Only county staff can clear or reopen quality issues."))

    def _check_assessor(self):
        if self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            return
        department = self.env.user.partner_id.commercial_partner_id
        if any(issue.department_id != department for issue in self):
            raise AccessError(
                _(
                    "Only county staff or the responsible department change the severity, "
                    "product or declaration of a quality issue."
                )
            )

    def action_clear(self):
        self._check_county_user()
        if any(not issue.outcome for issue in self):
            raise UserError(_("Record the outcome before clearing the issue."))
        self.write({"state": "cleared", "date_cleared": xs_today(self.env)})

    def action_reopen(self):
        self._check_county_user()
        self.write({"state": "open", "date_cleared": False})

    @api.model
    def _xs_blocking(self, declarations):
        """R15: the open serious issues that stop ``declarations`` from being ordered, each
        within its scope only (one query): {declaration: issues}."""
        # sudo: the check runs for whoever confirms the order; only names are shown.
        issues_sudo = self.sudo().search(
            [
                ("state", "=", "open"),
                ("severity", "=", "serious"),
                "|",
                "|",
                "&",
                ("scope", "=", "declaration"),
                ("declaration_id", "in", declarations.ids),
                "&",
                ("scope", "=", "seller"),
                ("product_id", "in", declarations.product_id.ids),
                "&",
                ("scope", "=", "product"),
                ("product_id", "in", declarations.product_id.ids),
            ]
        )
        blocked = {}
        for declaration in declarations:
            found = issues_sudo.filtered(
                lambda i, d=declaration: (
                    (i.scope == "declaration" and i.declaration_id == d)
                    or (
                        i.scope == "seller"
                        and i.product_id == d.product_id
                        and i.seller_id == d.seller_id
                    )
                    or (i.scope == "product" and i.product_id == d.product_id)
                )
            )
            if found:
                blocked[declaration] = found
        return blocked
