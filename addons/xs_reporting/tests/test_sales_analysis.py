from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestSalesAnalysis(XsOrdersCommon):
    """R13 progress dashboards (and R18 households reached): sales by action, buyer
    category, township, produce category and seller; targets against actuals; share of the
    declared surplus sold; each role sees its own part (R20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.decl_b.channel_action_ids |= cls.action_finance
        # School buys 100 kg from A (250); the bank buys 50 kg from B (100) plus a county
        # product that is not declared surplus (5 kg of kiwi at 10).
        cls.order_school = cls._order(cls.buyer_school, [(cls.decl_a, 100)])
        order = Form(cls.env["sale.order"])
        order.partner_id = cls.buyer_bank
        order.xs_campaign_id = cls.campaign
        order.xs_action_id = cls.action_finance
        cls.order_bank = order.save()
        cls.order_bank.order_line = [
            Command.create({"xs_declaration_id": cls.decl_b.id, "product_uom_qty": 50}),
            Command.create(
                {"product_id": cls.product_kiwi.id, "product_uom_qty": 5, "price_unit": 10}
            ),
        ]
        cls.order_bank.action_confirm()
        cls.draft = cls._order(cls.buyer_school, [(cls.decl_a, 10)], confirm=False)

    def _by(self, groupby, user=None, domain=None):
        Analysis = self.env["xs.sales.analysis"]
        if user:
            Analysis = Analysis.with_user(user)
        return {
            key: amount
            for key, amount in Analysis._read_group(
                [("campaign_id", "=", self.campaign.id)] + (domain or []),
                [groupby],
                ["amount_counted:sum"],
            )
        }

    def test_r13_sales_by_dimension(self):
        self.assertEqual(
            self._by("action_id"), {self.action_school: 250.0, self.action_finance: 150.0}
        )
        self.assertEqual(self._by("buyer_category"), {"school": 250.0, "financial": 150.0})
        self.assertEqual(
            self._by("township_id"),
            {self.township_a: 250.0, self.township_b: 100.0, self.env["xs.township"]: 50.0},
        )
        self.assertEqual(self._by("category"), {"vegetable": 350.0, "other": 50.0})
        self.assertEqual(
            self._by("seller_id"),
            {self.seller_a: 250.0, self.seller_b: 100.0, self.env["res.partner"]: 50.0},
        )
        self.assertEqual(self._by("is_catalogue"), {True: 350.0, False: 50.0})
        # R12: sales of an event are a dimension too.
        fair = self.env["xs.event"].create(
            {
                "name": "Test Fair",
                "campaign_id": self.campaign.id,
                "date_start": self.today,
                "date_end": self.today,
            }
        )
        self.order_bank.xs_event_id = fair
        self.assertEqual(self._by("event_id"), {fair: 150.0, self.env["xs.event"]: 250.0})

    def test_r13_counting_basis(self):
        self.campaign.count_basis = "delivered"
        self.assertEqual(self._by("action_id"), {self.action_school: 0.0, self.action_finance: 0.0})
        self._deliver(self.order_school)
        self.assertEqual(self._by("action_id")[self.action_school], 250.0)
        self.campaign.count_basis = "paid"
        self._pay(self._invoice_customer(self.order_school))
        self.assertEqual(self._by("action_id")[self.action_school], 250.0)
        self.assertEqual(self._by("action_id")[self.action_finance], 0.0)
        # The action's own progress (R2) and the dashboard agree.
        self.assertEqual(self.action_school.amount_counted, 250.0)

    def test_r13_r18_campaign_progress(self):
        campaign = self.campaign
        self.assertEqual(campaign.target_amount, 100000 + 50000 + 10000)
        self.assertEqual(campaign.xs_amount_counted, 400.0)
        self.assertAlmostEqual(campaign.xs_progress, 0.25)
        self.assertEqual(campaign.xs_amount_catalogue, 350.0)
        self.assertEqual(campaign.xs_buyer_count, 2)
        # Declared: A 1,000 kg x 2.5 + B 500 kg x 2.0; sold 250 + 100.
        self.assertEqual(campaign.xs_surplus_value, 3500.0)
        self.assertEqual(campaign.xs_surplus_sold_value, 350.0)
        self.assertAlmostEqual(campaign.xs_surplus_sold_rate, 10.0)
        # Both declarations sold something: their households are reached.
        self.assertEqual(campaign.xs_households_reached, 100)
        self.assertEqual(campaign.xs_poverty_households_reached, 40)
        self.assertEqual(campaign.xs_monitored_households_reached, 10)
        self.order_bank._action_cancel()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.xs_households_reached, 50)
        self.assertEqual(campaign.xs_amount_counted, 250.0)
        action = campaign.action_xs_sales_analysis()
        self.assertEqual(action["res_model"], "xs.sales.analysis")
        self.assertEqual(action["context"]["search_default_campaign_id"], campaign.id)

    def test_r13_progress_in_constant_queries(self):
        campaigns = self.campaign | self.campaign.copy() | self.campaign.copy()
        campaigns.invalidate_recordset()
        self.env["xs.sales.analysis"].flush_model()
        with self.assertQueryCount(7):
            campaigns.mapped("xs_progress")
            campaigns.mapped("xs_households_reached")

    def test_r20_dashboard_scopes(self):
        self.assertEqual(
            self._by("township_id", user=self.user_township_a), {self.township_a: 250.0}
        )
        self.assertEqual(
            self._by("township_id", user=self.user_township_b), {self.township_b: 100.0}
        )
        # The lead department of the schools action sees its action's sales only.
        self.assertEqual(self._by("action_id", user=self.user_lead), {self.action_school: 250.0})
        self.assertEqual(len(self._by("action_id", user=self.user_finance)), 2)
        self.assertEqual(len(self._by("action_id", user=self.user_county)), 2)
        self.assertFalse(
            self.env["xs.sales.analysis"].with_user(self.user_plain).has_access("read")
        )

    def test_r16_rankings(self):
        Ranking = self.env["xs.ranking"].with_user(self.user_county)
        rows = Ranking.search([("campaign_id", "=", self.campaign.id)])
        ranked = {(r.dimension, r.name): (r.rank, r.amount_counted, r.order_count) for r in rows}
        self.assertEqual(ranked[("buyer", "Test High School")], (1, 250.0, 1))
        self.assertEqual(ranked[("buyer", "Test Rural Bank")], (2, 150.0, 1))
        self.assertEqual(ranked[("township", "Test Town A")], (1, 250.0, 1))
        self.assertEqual(ranked[("township", "Test Town B")], (2, 100.0, 1))
        self.assertEqual(ranked[("seller", "Test Cooperative A")], (1, 250.0, 1))
        self.assertEqual(ranked[("seller", "Test Family Farm B")], (2, 100.0, 1))
        self.assertEqual(len(rows), 6, "the kiwi line has no township or seller to rank")
        self.assertEqual(len(set(rows.ids)), 6)
        # Ties share a rank.
        self._order(self.buyer_bank, [(self.decl_b, 50)], action=self.action_finance)
        # Same ids, new figures: drop this transaction's cached rows (a request starts afresh).
        Ranking.invalidate_model()
        rows = Ranking.search([("campaign_id", "=", self.campaign.id), ("dimension", "=", "buyer")])
        self.assertEqual(rows.mapped("amount_counted"), [250.0, 250.0])
        self.assertEqual(rows.mapped("rank"), [1, 1])
