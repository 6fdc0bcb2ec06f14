from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon

from .test_exchange import Peer


@tagged("post_install", "-at_install")
class TestExchangeRights(XsOrdersCommon):
    """R19: exchange jobs are created and moved by the exchange code only; county staff
    read them and press Retry, which runs the same code again."""

    def test_r19_jobs_created_and_moved_by_the_exchange_code_only(self):
        peer = Peer()
        self.addCleanup(peer.stop)
        endpoint = self.env["xs.exchange.endpoint"].create(
            {
                "name": "Test platform",
                "kind": "pull_orders",
                "url": peer.url + "/orders",
                "campaign_id": self.campaign.id,
                "buyer_id": self.buyer_school.id,
            }
        )
        Job = self.env["xs.exchange.job"].with_user(self.user_county)
        with self.assertRaises(AccessError):
            Job.create({"endpoint_id": endpoint.id, "key": "forged", "payload": {"id": "X"}})
        peer.answers = [(200, {"orders": [{"id": "P-9", "lines": [{"entry": "NO-SUCH"}]}]})]
        job = endpoint.with_user(self.user_county).action_pull_orders()
        self.assertRecordValues(job, [{"state": "failed", "attempt_count": 1}])
        as_county = job.with_user(self.user_county)
        for vals in ({"state": "done"}, {"payload": {"id": "X"}}, {"attempt_count": 0}):
            with self.assertRaises(AccessError):
                as_county.write(vals)
        with self.assertRaises(AccessError):
            as_county.unlink()
        with self.assertRaises(AccessError):
            job.with_user(self.user_township_a).action_retry()
        as_county.action_retry()
        self.assertRecordValues(job, [{"state": "failed", "attempt_count": 2, "key": "order-P-9"}])
        self.assertEqual(job.payload, {"id": "P-9", "lines": [{"entry": "NO-SUCH"}]})
