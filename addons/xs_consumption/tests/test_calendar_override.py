from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestCalendarOverride(XsCommon, HttpCase):
    """R4, R10: the county calendar (``xs_today``) can be pinned by tests and the
    superuser only; a request's context never moves it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The survey closed yesterday.
        cls.phase_preparation.write(
            {
                "date_start": cls.today - relativedelta(days=30),
                "date_end": cls.today - relativedelta(days=1),
            }
        )
        cls.before_close = str(cls.today - relativedelta(days=5))

    def _rpc(self, model, method, args, context):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {"context": context}},
        )

    def test_r4_xs_today_from_a_request_is_ignored(self):
        self.authenticate("xs_township_a", "xs_township_a")
        context = {"lang": "en_US", "xs_today": self.before_close}
        campaign = self._rpc(
            "xs.campaign", "read", [self.campaign.ids, ["preparation_open"]], context
        )
        self.assertFalse(campaign[0]["preparation_open"], "the request's date is ignored")
        Declaration = self.env["xs.surplus.declaration"]
        before = Declaration.search_count([("campaign_id", "=", self.campaign.id)])
        with self.assertRaises(JsonRpcException) as error:
            self._rpc(
                "xs.surplus.declaration",
                "create",
                [
                    {
                        key: str(value) if hasattr(value, "isoformat") else value
                        for key, value in self._declaration_vals().items()
                    }
                ],
                context,
            )
        self.assertEqual(str(error.exception), "odoo.exceptions.UserError")
        self.assertEqual(Declaration.search_count([("campaign_id", "=", self.campaign.id)]), before)

    def test_r4_xs_today_pins_the_calendar_in_tests_and_for_the_superuser(self):
        pinned = self.campaign.with_context(xs_today=self.before_close)
        self.assertTrue(pinned.preparation_open)
        self.assertTrue(pinned.with_user(self.user_township_a).preparation_open)
        self.assertFalse(self.campaign.preparation_open)
