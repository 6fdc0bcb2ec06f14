from odoo import fields
from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon

from .test_exchange import Peer


@tagged("post_install", "-at_install")
class TestPulledOrderValidation(XsOrdersCommon):
    """R19: pulled platform orders are checked before anything is written: a bad one is a
    failed job with a clear error, the good ones become sales, and one bad order does not
    roll back the cron's batch (pushes already sent stay recorded as sent)."""

    def setUp(self):
        super().setUp()
        self.peer = Peer()
        self.addCleanup(self.peer.stop)
        self.platform = self.env["res.partner"].create(
            {"name": "Test Platform", "is_company": True, "xs_buyer_category": "ecommerce"}
        )
        self.decl_a.channel_action_ids |= self.action_ecommerce
        self.endpoint = self.env["xs.exchange.endpoint"].create(
            {
                "name": "Test platform",
                "kind": "pull_orders",
                "url": self.peer.url + "/orders",
                "campaign_id": self.campaign.id,
                "buyer_id": self.platform.id,
            }
        )

    def _line(self, **kw):
        return {"entry": self.decl_a.name, "qty": 10, **kw}

    def _platform_orders(self):
        return self.env["sale.order"].search([("partner_id", "=", self.platform.id)])

    def test_r19_bad_pulled_orders_fail_alone_with_a_clear_error(self):
        bad = {
            "P-neg": ([self._line(qty=-1)], "positive number"),
            "P-zero": ([self._line(qty=0)], "positive number"),
            "P-text": ([self._line(qty="ten")], "is not a quantity"),
            "P-none": ([self._line(qty=None)], "is not a quantity"),
            "P-inf": ([self._line(qty=float("inf"))], "positive number"),
            "P-nan": ([self._line(qty=float("nan"))], "positive number"),
            "P-tiny": ([self._line(qty=0.0001)], "is ordered in steps of"),
            "P-huge": ([self._line(qty=1e300)], "are left in"),
            "P-bool": ([self._line(qty=True)], "is not a quantity"),
            "P-price": ([self._line(price=5.0)], "not the declared price"),
            "P-price-text": ([self._line(price="free")], "not the declared price"),
            "P-entry": ([self._line(entry=["XS"])], "Unknown catalogue entries"),
            "P-lines": ("all of them", "no lines"),
            "P-line": (["one"], "not in the expected format"),
            "P-empty": ([], "no lines"),
        }
        orders = [{"id": "P-ok", "lines": [self._line(qty=30, price=2.5)]}]
        orders += [{"id": key, "lines": lines} for key, (lines, _text) in bad.items()]
        orders += ["not an order", {"lines": [self._line()]}]
        self.peer.answers = [(200, {"orders": orders})]
        jobs = self.endpoint.with_user(self.user_county).action_pull_orders()
        by_key = {job.key: job for job in jobs}
        self.assertEqual(len(jobs), 1 + len(bad), "orders without an id make no job")
        self.assertEqual(by_key["order-P-ok"].state, "done")
        for key, (_lines, text) in bad.items():
            job = by_key[f"order-{key}"]
            with self.subTest(key=key):
                self.assertEqual(job.state, "failed")
                self.assertIn(text, job.last_error)
                self.assertFalse(job.sale_order_id)
        self.assertIn("Line 1", by_key["order-P-neg"].last_error)
        self.assertEqual(len(self._platform_orders()), 1)
        self.assertEqual(self._platform_orders().order_line.product_uom_qty, 30)
        self.assertEqual(self.decl_a.qty_ordered, 30)
        skipped = [b for b in self.endpoint.message_ids.mapped("body") if "without an id" in b]
        self.assertEqual(len(skipped), 2)

    def test_r19_cron_batch_survives_a_bad_order(self):
        push = self.env["xs.exchange.endpoint"].create(
            {
                "name": "Test bureau",
                "kind": "push_declarations",
                "url": self.peer.url + "/declarations",
                "campaign_id": self.campaign.id,
            }
        )
        self.peer.answers = [(503, {"error": "busy"})]
        job = push.action_push_summary()
        self.assertEqual(job.state, "failed")
        job.sudo().next_attempt_date = fields.Datetime.now()
        # The cron pulls (one good, one bad order) and retries the push in one batch.
        self.peer.answers = [
            (
                200,
                {
                    "orders": [
                        {"id": "C-1", "lines": [self._line(qty="-3")]},
                        {"id": "C-2", "lines": [self._line(qty=5)]},
                    ]
                },
            ),
            (200, {"ok": True}),
        ]
        self.env["xs.exchange.endpoint"]._cron_exchange()
        self.assertEqual(job.state, "done")
        pulled = self.env["xs.exchange.job"].search([("endpoint_id", "=", self.endpoint.id)])
        self.assertEqual(
            {j.key: j.state for j in pulled}, {"order-C-1": "failed", "order-C-2": "done"}
        )
        self.assertEqual(self._platform_orders().order_line.product_uom_qty, 5)
