import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon
from odoo.addons.xs_consumption.tools import xs_today


class Peer:
    """A real HTTP server on 127.0.0.1 playing the bureau or the platform: it records every
    request and answers from a queue of (status, body)."""

    def __init__(self):
        self.requests = []
        self.answers = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                peer.requests.append((self.command, self.path, dict(self.headers), body))
                status, payload = peer.answers.pop(0) if peer.answers else (200, {"ok": True})
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@tagged("post_install", "-at_install")
class TestExchange(XsOrdersCommon, HttpCase):
    """R19: push returns to the bureau and pull platform orders over HTTP: idempotent,
    retried, every failure visible. The peer is a real server on 127.0.0.1. An HttpCase
    for its registry test mode: filing renders on a second cursor of the registry
    (xs.filed.return._xs_filing_snapshot), which must see this test's data."""

    def setUp(self):
        super().setUp()
        self.peer = Peer()
        self.addCleanup(self.peer.stop)

    def _endpoint(self, **vals):
        return self.env["xs.exchange.endpoint"].create(
            {
                "name": "Test bureau",
                "kind": "push_summary",
                "url": self.peer.url + "/returns",
                "token": "s3cret",
                "campaign_id": self.campaign.id,
                **vals,
            }
        )

    def _file_summary(self):
        wizard = (
            self.env["xs.return.wizard"]
            .with_user(self.user_county)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "kind": "summary",
                    "date_from": self.campaign.date_start,
                    "date_to": xs_today(self.env),
                }
            )
        )
        return wizard._xs_file()

    def test_r19_push_summary_retried_and_idempotent(self):
        self._order(self.buyer_school, [(self.decl_a, 100)])
        endpoint = self._endpoint()
        with self.assertRaisesRegex(UserError, "File the summary return"):
            endpoint.with_user(self.user_county).action_push_summary()
        filed = self._file_summary()
        self.peer.answers = [(503, {"error": "busy"})]
        job = endpoint.with_user(self.user_county).action_push_summary()
        self.assertRecordValues(job, [{"state": "failed", "attempt_count": 1}])
        self.assertIn("503", job.last_error)
        self.assertEqual(endpoint.failed_job_count, 1)
        self.assertTrue(job.next_attempt_date > fields.Datetime.now())
        # The cron retries once the backoff is over, with the same key and payload.
        with freeze_time(job.next_attempt_date + timedelta(seconds=1)):
            self.env["xs.exchange.endpoint"]._cron_exchange()
        self.assertRecordValues(job, [{"state": "done", "attempt_count": 2}])
        (_m1, _p1, first, body1), (method, path, second, body2) = self.peer.requests
        self.assertEqual((method, path), ("POST", "/returns"))
        self.assertEqual(first["Idempotency-Key"], second["Idempotency-Key"])
        self.assertEqual(body1, body2)
        self.assertEqual(second["Authorization"], "Bearer s3cret")
        sent = json.loads(body2)
        self.assertEqual(sent["campaign"], self.campaign.name)
        # R19, R22: the bureau gets the figures of the return as filed, with its fingerprint.
        self.assertEqual(sent["file_sha256"], filed.checksum)
        self.assertEqual(sent["period_to"], str(filed.date_to))
        self.assertIn(
            {
                "township": "Test Town A",
                "township_code": None,
                "column_code": "agencies",
                "column": "Agencies, Institutions and Enterprises",
                "amount": 250.0,
                "unsold_produce": 250.0,
                "off_platform": 0.0,
            },
            sent["rows"],
        )
        # Pushing the same period again sends nothing new.
        again = endpoint.action_push_summary()
        self.assertEqual(again, job)
        self.assertEqual(len(self.peer.requests), 2)

    def test_r4_push_verified_declarations(self):
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        endpoint = self._endpoint(kind="push_declarations", url=self.peer.url + "/declarations")
        job = endpoint.action_push_summary()
        self.assertEqual(job.state, "done")
        ((method, path, headers, body),) = self.peer.requests
        self.assertEqual((method, path), ("POST", "/declarations"))
        self.assertTrue(headers["Idempotency-Key"].startswith("declarations-"))
        sent = json.loads(body)["declarations"]
        self.assertEqual({d["reference"] for d in sent}, {self.decl_a.name, self.decl_b.name})
        self.assertNotIn(draft.name, body.decode())
        first = next(d for d in sent if d["reference"] == self.decl_a.name)
        self.assertEqual(
            (
                first["quantity"],
                first["amount_total"],
                first["households"],
                first["poverty_households"],
            ),
            (1000.0, 2500.0, 50, 20),
        )

    def test_r19_pull_orders_once_and_failures_visible(self):
        platform = self.env["res.partner"].create(
            {"name": "Test Platform", "is_company": True, "xs_buyer_category": "ecommerce"}
        )
        self.decl_a.channel_action_ids |= self.action_ecommerce
        endpoint = self._endpoint(
            name="Test platform",
            kind="pull_orders",
            url=self.peer.url + "/orders",
            buyer_id=platform.id,
        )
        orders = {
            "orders": [
                {"id": "P-1", "lines": [{"entry": self.decl_a.name, "qty": 30}]},
                {"id": "P-2", "lines": [{"entry": self.decl_b.name, "qty": 5}]},  # not published
                {"id": "P-3", "lines": [{"entry": "NO-SUCH", "qty": 1}]},
            ]
        }
        self.peer.answers = [(200, orders), (200, orders)]
        jobs = endpoint.action_pull_orders()
        self.assertEqual(jobs.mapped("state"), ["done", "failed", "failed"])
        done = jobs.filtered(lambda j: j.state == "done")
        self.assertRecordValues(
            done.sale_order_id,
            [
                {
                    "state": "sale",
                    "partner_id": platform.id,
                    "xs_action_id": self.action_ecommerce.id,
                    "client_order_ref": "P-1",
                }
            ],
        )
        self.assertEqual(done.sale_order_id.order_line.purchase_line_ids.partner_id, self.seller_a)
        self.assertIn("not published", jobs[1].last_error)
        self.assertIn("NO-SUCH", jobs[2].last_error)
        # A failed order left nothing behind; pulling again creates no duplicate.
        self.assertEqual(self.env["sale.order"].search_count([("partner_id", "=", platform.id)]), 1)
        self.assertFalse(endpoint.action_pull_orders())
        self.assertEqual(self.env["sale.order"].search_count([("partner_id", "=", platform.id)]), 1)
        self.assertEqual(self.decl_a.qty_remaining, 970)

    def test_r19_unreachable_peer_is_recorded(self):
        endpoint = self._endpoint(url="http://127.0.0.1:9/returns")  # nothing listens there
        self._file_summary()
        job = endpoint.action_push_summary()
        self.assertEqual(job.state, "failed")
        self.assertTrue(job.last_error)
        pull = self._endpoint(
            name="Down platform",
            kind="pull_orders",
            url="http://127.0.0.1:9/orders",
            buyer_id=self.buyer_school.id,
        )
        self.assertFalse(pull.action_pull_orders())
        self.assertIn("Pulling orders failed", pull.message_ids[0].body)
        # The token stays out of non-administrators' reach.
        with self.assertRaises(AccessError):
            endpoint.with_user(self.user_county).read(["token"])
