import json
from datetime import timedelta

import requests

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .xs_exchange_endpoint import TIMEOUT

MAX_ATTEMPTS = 6


class XsExchangeJob(models.Model):
    """One exchange with a peer (R19): a summary pushed or a platform order pulled. The key
    makes it idempotent (sent as Idempotency-Key; a pulled order is created once); a failure
    is recorded with its error and retried with exponential backoff by the cron."""

    _name = "xs.exchange.job"
    _description = "Data Exchange Job"
    _order = "id desc"

    endpoint_id = fields.Many2one(
        "xs.exchange.endpoint", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(related="endpoint_id.kind", store=True)
    key = fields.Char(required=True, readonly=True)
    payload = fields.Json(string="Data", readonly=True)
    payload_text = fields.Text(compute="_compute_payload_text", string="Payload")
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    next_attempt_date = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)
    response = fields.Text(readonly=True)
    done_date = fields.Datetime(readonly=True)
    sale_order_id = fields.Many2one("sale.order", readonly=True)

    _sql_constraints = [
        ("key_uniq", "unique(endpoint_id, key)", "An exchange is made once per key."),
    ]

    def _compute_payload_text(self):
        for job in self:
            job.payload_text = json.dumps(job.payload, ensure_ascii=False, indent=2)

    def action_retry(self):
        """Re-run failed jobs now, through the same code path as the cron."""
        if not self.env.user.has_group("xs_consumption.xs_consumption_group_county_user"):
            raise AccessError(_("Only county staff run data exchanges."))
        self.check_access("read")
        self.filtered(lambda j: j.state == "failed")._run()

    def _run(self):
        # Users only read jobs (no write access): their state, attempts and errors are
        # written here, by the exchange code, as superuser. The push and the order run
        # with the rights of whoever runs the exchange (county staff, or the cron).
        for job in self:
            job_sudo = job.sudo()
            try:
                if job.kind in ("push_summary", "push_declarations"):
                    job._push()
                else:
                    # The order and its confirmation in a savepoint: a refused order
                    # leaves nothing but the failed job.
                    with self.env.cr.savepoint():
                        job._create_order()
            except (requests.RequestException, UserError, ValidationError) as error:
                attempts = job.attempt_count + 1
                job_sudo.write(
                    {
                        "state": "failed",
                        "attempt_count": attempts,
                        "last_error": str(error)[:2000],
                        "next_attempt_date": fields.Datetime.now() + timedelta(minutes=2**attempts)
                        if attempts < MAX_ATTEMPTS
                        else False,
                    }
                )
            else:
                job_sudo.write(
                    {
                        "state": "done",
                        "attempt_count": job.attempt_count + 1,
                        "done_date": fields.Datetime.now(),
                        "last_error": False,
                        "next_attempt_date": False,
                    }
                )

    def _push(self):
        endpoint = self.endpoint_id
        response = requests.post(
            endpoint.url,
            json=self.payload,
            headers=endpoint._headers(key=self.key),
            timeout=TIMEOUT,
        )
        # sudo: exchange bookkeeping, see _run.
        self.sudo().response = f"{response.status_code} {response.text[:1000]}"
        response.raise_for_status()

    def _xs_pulled_lines(self):
        """R19: the platform order in the payload, checked before anything is written:
        [(catalogue entry, quantity)]. Every line names a known entry of the endpoint's
        campaign and a finite, positive quantity in the entry's unit steps; a price, when
        sent, is the declared one. Anything else raises a UserError naming the line."""
        campaign = self.endpoint_id.campaign_id
        payload = self.payload
        lines = payload.get("lines") if isinstance(payload, dict) else None
        if not lines or not isinstance(lines, list):
            raise UserError(_("The order has no lines."))
        if not all(isinstance(line, dict) for line in lines):
            raise UserError(_("The order's lines are not in the expected format."))
        refs = [line.get("entry") for line in lines]
        declarations = self.env["xs.surplus.declaration"].search(
            [
                ("campaign_id", "=", campaign.id),
                ("name", "in", [ref for ref in refs if isinstance(ref, str)]),
            ]
        )
        by_ref = {d.name: d for d in declarations}
        missing = [ref for ref in refs if not isinstance(ref, str) or ref not in by_ref]
        if missing:
            raise UserError(
                _("Unknown catalogue entries: %(refs)s", refs=", ".join(map(str, missing)))
            )
        result = []
        for number, line in enumerate(lines, start=1):
            declaration = by_ref[line["entry"]]
            try:
                qty = declaration._xs_parse_order_quantity(line.get("qty"))
                price = line.get("price")
                if price is not None:
                    declaration._xs_check_order_price(price)
            except UserError as error:
                raise UserError(
                    _("Line %(number)s: %(error)s", number=number, error=error.args[0])
                ) from None
            result.append((declaration, qty))
        return result

    def _create_order(self):
        endpoint = self.endpoint_id
        campaign = endpoint.campaign_id
        payload = self.payload
        lines = self._xs_pulled_lines()
        # R10: what the entries have left, under their lock, before the order is made.
        self.env["xs.surplus.declaration"]._xs_take([(d, qty, None, None) for d, qty in lines])
        buyer = endpoint.buyer_id
        action = campaign._xs_channel_action(buyer)
        order = self.env["sale.order"].create(
            {
                "partner_id": buyer.id,
                "xs_campaign_id": campaign.id,
                "xs_action_id": action.id,
                "client_order_ref": str(payload.get("id")),
                "origin": endpoint.name,
                "order_line": [
                    Command.create({"xs_declaration_id": declaration.id, "product_uom_qty": qty})
                    for declaration, qty in lines
                ],
            }
        )
        order.action_confirm()
        # sudo: exchange bookkeeping, see _run.
        self.sudo().sale_order_id = order

    @api.model
    def _cron_retry(self):
        self.search(
            [
                ("state", "=", "failed"),
                ("next_attempt_date", "!=", False),
                ("next_attempt_date", "<=", fields.Datetime.now()),
            ]
        )._run()
