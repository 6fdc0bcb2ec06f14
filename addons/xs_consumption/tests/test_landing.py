from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestLanding(XsOrdersCommon, HttpCase):
    """R13, R20: each role lands on its own page of the app; the county's page shows what
    waits for it; tours walk the county, finance and a buyer on a phone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_commerce = new_test_user(
            cls.env,
            login="xs_landing_commerce",
            groups="xs_consumption.xs_consumption_group_commerce",
        )

    def test_r20_each_role_lands_on_its_page(self):
        expected = {
            self.user_county: "xs_consumption.xs_campaign_action_dashboard",
            self.user_admin: "xs_consumption.xs_campaign_action_dashboard",
            self.user_commerce: "xs_consumption.xs_surplus_declaration_action_catalogue",
            self.user_finance: "xs_consumption.xs_reconciliation_line_action_unpaid",
            self.user_lead: "xs_consumption.xs_buyer_commitment_action",
            self.user_township_a: "xs_consumption.xs_surplus_declaration_action_township",
        }
        for user, xmlid in expected.items():
            self.assertEqual(user.action_id.id, self.env.ref(xmlid).id, user.login)
        self.assertFalse(self.user_plain.action_id, "no campaign role, Odoo's own default")
        # A role given later moves the landing page; one chosen by hand stays.
        self.user_plain.groups_id = [
            Command.link(self.env.ref("xs_consumption.xs_consumption_group_finance").id)
        ]
        self.assertEqual(
            self.user_plain.action_id.id,
            self.env.ref("xs_consumption.xs_reconciliation_line_action_unpaid").id,
        )
        mine = self.env.ref("xs_consumption.xs_surplus_declaration_action")
        self.user_lead.action_id = mine.id
        self.user_lead.groups_id = [
            Command.link(self.env.ref("xs_consumption.xs_consumption_group_finance").id)
        ]
        self.assertEqual(self.user_lead.action_id.id, mine.id)

    def test_r13_county_overview_counts_what_waits(self):
        campaign = self.campaign.with_user(self.user_county)
        self.assertEqual(campaign.xs_todo_verify_count, 0)
        submitted = self._create_declaration(product_id=self.product_kiwi.id)
        submitted.action_submit()
        verified = self._create_declaration(
            product_id=self.product_kiwi.id, seller_id=self.seller_b.id
        )
        verified.action_submit()
        verified.with_user(self.user_county).action_verify()
        # Bought into the county warehouse (MTO): an RFQ waits for the purchaser.
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        mto = warehouse.mto_pull_id.route_id
        mto.active = True
        self.product_cabbage.route_ids = [
            Command.set(self.env.ref("purchase_stock.route_warehouse0_buy").ids)
        ]
        order = self._order(self.buyer_school, [(self.decl_a, 10)], confirm=False)
        order.order_line.route_id = mto
        order.action_confirm()
        self._order(self.buyer_school, [(self.decl_b, 10)])  # dropship: confirmed at once
        # Ten days before the end of the implementation phase, nothing ordered: it lags
        # (the reminder's own rule).
        self.phase_implementation.date_end = self.today + relativedelta(days=10)
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school_2.id,
                "amount_committed": 100000,
                "date_start": self.today - relativedelta(days=5),
                "date_end": self.phase_implementation.date_end,
            }
        )
        commitment.action_confirm()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.xs_todo_verify_count, 1)
        self.assertEqual(campaign.xs_todo_list_count, 1)
        self.assertEqual(campaign.xs_todo_purchase_count, 1)
        self.assertEqual(campaign.xs_lagging_commitment_count, 1)
        self.assertEqual(
            self.env["purchase.order"].search(
                campaign.action_xs_open_purchases_to_confirm()["domain"]
            ),
            order._xs_purchase_orders(),
        )
        lagging = campaign.action_xs_open_lagging()
        self.assertEqual(lagging["domain"], [("id", "in", commitment.ids)])
        to_verify = self.env["xs.surplus.declaration"].search(
            campaign.action_xs_open_to_verify()["domain"]
        )
        self.assertEqual(to_verify, submitted)

    def test_r13_county_tour(self):
        submitted = self._create_declaration(product_id=self.product_kiwi.id)
        submitted.action_submit()
        self.start_tour("/odoo", "xs_landing_county_tour", login="xs_county")

    def test_r17_finance_tour(self):
        order = self._order(self.buyer_school, [(self.decl_a, 30)])
        self._deliver(order)
        self._bill_seller(order._xs_purchase_orders())
        self.start_tour("/odoo", "xs_landing_finance_tour", login="xs_finance")

    def test_r11_buyer_orders_on_a_phone(self):
        self.env["res.users"].create(
            {
                "name": "Phone buyer",
                "login": "xs_phone_buyer",
                "password": "xs_phone_buyer",
                "partner_id": self.env["res.partner"]
                .create({"name": "Canteen manager", "parent_id": self.buyer_school.id})
                .id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "amount_committed": 3000,
                "date_end": self.phase_implementation.date_end,
            }
        )
        commitment.action_confirm()
        self.browser_size = "390x844"
        self.start_tour("/my/catalogue", "xs_landing_phone_buyer_tour", login="xs_phone_buyer")
        order = self.env["sale.order"].search([("partner_id.parent_id", "=", self.buyer_school.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.xs_commitment_id, commitment, "the single commitment by default")
        self.assertEqual(order.order_line.product_uom_qty, 40)
        self.assertTrue(order.xs_purchase_pending, "the sellers' orders follow from the job")
        self.env.ref("xs_consumption.ir_cron_xs_create_purchases").method_direct_trigger()
        self.assertEqual(order._xs_purchase_orders().state, "purchase")
