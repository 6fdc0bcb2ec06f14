import math

import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.xs_consumption.models.xs_surplus_declaration import VERIFIED_STATES
from odoo.addons.xs_consumption.tools import xs_today

TIMEOUT = 20


def _json_safe(value):
    """``value`` as PostgreSQL's jsonb stores it: a platform may send Infinity or NaN
    (Python's json reads them), kept as text so that the job records the order and its
    validation refuses it (R19)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    return value


class XsExchangeEndpoint(models.Model):
    """R19 data exchange over HTTP: push a campaign's summary return to the upper-level
    bureau, pull orders from an e-commerce platform. Every exchange is a job
    (``xs.exchange.job``): idempotent by key, retried with backoff, failures visible."""

    _name = "xs.exchange.endpoint"
    _description = "Data Exchange Endpoint"
    _inherit = ["mail.thread"]
    _order = "name"
    # County staff push and pull (read access) and see failures in the chatter.
    _mail_post_access = "read"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [
            ("push_summary", "Push Summary Return to the Bureau"),
            ("push_declarations", "Push Verified Declarations to the Bureau"),
            ("pull_orders", "Pull Orders from a Platform"),
        ],
        required=True,
        default="push_summary",
        tracking=True,
    )
    url = fields.Char(string="URL", required=True, tracking=True)
    token = fields.Char(
        groups="xs_consumption.xs_consumption_group_admin",
        help="Sent as 'Authorization: Bearer <token>'.",
    )
    campaign_id = fields.Many2one("xs.campaign", required=True, tracking=True)
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    buyer_id = fields.Many2one(
        "res.partner",
        string="Platform",
        domain=[("xs_buyer_category", "!=", False)],
        help="The e-commerce platform (a buyer) whose orders are pulled.",
    )
    active = fields.Boolean(default=True)
    job_ids = fields.One2many("xs.exchange.job", "endpoint_id", string="Jobs")
    failed_job_count = fields.Integer(compute="_compute_failed_job_count", string="Failed")

    def _compute_failed_job_count(self):
        counts = dict(
            self.env["xs.exchange.job"]._read_group(
                [("endpoint_id", "in", self.ids), ("state", "=", "failed")],
                ["endpoint_id"],
                ["__count"],
            )
        )
        for endpoint in self:
            endpoint.failed_job_count = counts.get(endpoint, 0)

    @api.constrains("kind", "buyer_id")
    def _check_platform(self):
        for endpoint in self:
            if endpoint.kind == "pull_orders" and not endpoint.buyer_id:
                raise UserError(
                    _("%(name)s: choose the platform whose orders are pulled.", name=endpoint.name)
                )

    def _headers(self, key=None):
        self.ensure_one()
        # sudo: the token is hidden from non-administrators, not from the exchange itself.
        token = self.sudo().token
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if key:
            headers["Idempotency-Key"] = key
        return headers

    # ------------------------------------------------------------------
    # Push: the summary return to the upper-level bureau
    # ------------------------------------------------------------------

    def _xs_filed_summary(self):
        """The latest summary return filed for the endpoint's campaign (R22)."""
        self.ensure_one()
        filed = self.env["xs.filed.return"].search(
            [("campaign_id", "=", self.campaign_id.id), ("kind", "=", "summary")],
            order="date_to desc, id desc",
            limit=1,
        )
        if not filed:
            raise UserError(
                _(
                    "File the summary return of %(campaign)s for a period first (Returns, "
                    "File Upward): the bureau receives the figures as filed.",
                    campaign=self.campaign_id.name,
                )
            )
        return filed

    def _summary_payload(self):
        """R19: the figures of the latest filed summary return, exactly as filed (the file's
        fingerprint included), never figures recomputed since."""
        filed = self._xs_filed_summary()
        return {
            **(filed.figures or {}),
            "filed_return": filed.name,
            "filed_on": fields.Datetime.to_string(filed.filed_date),
            "file_sha256": filed.checksum,
        }

    def _payload(self):
        if self.kind == "push_declarations":
            return self._declarations_payload()
        return self._summary_payload()

    def _declarations_payload(self):
        """R4: the verified declarations, as the statistics return lists them."""
        self.ensure_one()
        declarations = self.env["xs.surplus.declaration"].search(
            [
                ("campaign_id", "=", self.campaign_id.id),
                ("state", "in", VERIFIED_STATES),
            ],
            order="township_id, category, id",
        )
        return {
            "campaign": self.campaign_id.name,
            "currency": self.campaign_id.currency_id.name,
            "declarations": [
                {
                    "reference": d.name,
                    "township": d.township_id.name,
                    "seller": d.seller_id.name,
                    "seller_type": d.seller_type or None,
                    "product": d.product_id.name,
                    "category": d.category,
                    "quantity": d.quantity,
                    "unit": d.uom_id.name,
                    "price_unit": d.price_unit,
                    "amount_total": d.amount_total,
                    "available_from": fields.Date.to_string(d.date_available_from),
                    "available_to": fields.Date.to_string(d.date_available_to),
                    "location": d.location or None,
                    "households": d.household_count,
                    "poverty_households": d.poverty_household_count,
                    "monitored_households": d.monitored_household_count,
                }
                for d in declarations
            ],
        }

    def action_push_summary(self):
        """Queue the campaign's return (summary or verified declarations, by the endpoint's
        kind); the job is sent at once and retried."""
        # sudo: jobs are created and moved only here and in the job's own code; users have
        # no create or write access to them. The payload is computed from the campaign.
        jobs_sudo = self.env["xs.exchange.job"].sudo()
        for endpoint in self.filtered(lambda e: e.kind in ("push_summary", "push_declarations")):
            if endpoint.kind == "push_summary":
                # One push per filed return: pushing it again replaces nothing.
                period = f"filed{endpoint._xs_filed_summary().id}"
            else:
                period = endpoint.campaign_id.lock_date or xs_today(self.env)
            # One push per campaign and reported period: pushing again replaces nothing.
            prefix = "summary" if endpoint.kind == "push_summary" else "declarations"
            key = f"{prefix}-{endpoint.campaign_id.id}-{period}"
            job = jobs_sudo.search([("endpoint_id", "=", endpoint.id), ("key", "=", key)])
            if not job:
                job = jobs_sudo.create(
                    {"endpoint_id": endpoint.id, "key": key, "payload": endpoint._payload()}
                )
            elif job.state == "failed":
                job.payload = endpoint._payload()
            jobs_sudo |= job
        jobs = jobs_sudo.with_env(self.env)
        jobs.filtered(lambda j: j.state != "done")._run()
        return jobs

    # ------------------------------------------------------------------
    # Pull: orders from an e-commerce platform
    # ------------------------------------------------------------------

    def action_pull_orders(self):
        """Fetch the platform's orders; each becomes a job that creates one sale order."""
        # sudo: jobs are created only by the exchange code (users have no create access);
        # each one holds the order as the platform sent it.
        Job_sudo = self.env["xs.exchange.job"].sudo()
        jobs_sudo = Job_sudo
        for endpoint in self.filtered(lambda e: e.kind == "pull_orders"):
            try:
                response = requests.get(endpoint.url, headers=endpoint._headers(), timeout=TIMEOUT)
                response.raise_for_status()
                orders = response.json()["orders"]
                if not isinstance(orders, list):
                    raise TypeError(_("'orders' is not a list"))
            except (requests.RequestException, ValueError, KeyError, TypeError) as error:
                endpoint.message_post(
                    body=_("Pulling orders failed: %(error)s", error=str(error)[:500])
                )
                continue
            known = set(Job_sudo.search([("endpoint_id", "=", endpoint.id)]).mapped("key"))
            for order in orders:
                if not isinstance(order, dict) or not order.get("id"):
                    # No key to keep it once by: recorded, never turned into a sale.
                    endpoint.message_post(
                        body=_(
                            "Skipped a pulled order without an id: %(order)s",
                            order=str(order)[:200],
                        )
                    )
                    continue
                key = f"order-{order.get('id')}"
                if key not in known:
                    jobs_sudo |= Job_sudo.create(
                        {"endpoint_id": endpoint.id, "key": key, "payload": _json_safe(order)}
                    )
                    known.add(key)
        jobs = jobs_sudo.with_env(self.env)
        jobs._run()
        return jobs

    @api.model
    def _cron_exchange(self):
        self.search([("kind", "=", "pull_orders")]).action_pull_orders()
        self.env["xs.exchange.job"]._cron_retry()
