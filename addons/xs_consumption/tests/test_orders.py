from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestOrders(XsOrdersCommon):
    """R10: a buyer's sale order buys, through standard procurement, from the declaring
    seller; R17: finance reconciles every step."""

    def test_r10_order_creates_purchase_to_each_declaring_seller(self):
        order = self._order(self.buyer_school, [(self.decl_a, 300), (self.decl_b, 200)])
        self.assertEqual(order.state, "sale")
        line_a, line_b = order.order_line
        self.assertEqual(line_a.price_unit, 2.5, "the buyer pays the declared price")
        self.assertEqual(line_b.price_unit, 2.0)
        po_a = line_a.purchase_line_ids.order_id
        po_b = line_b.purchase_line_ids.order_id
        self.assertEqual(len(po_a), 1)
        self.assertEqual(len(po_b), 1)
        self.assertEqual(po_a.partner_id, self.seller_a)
        self.assertEqual(po_b.partner_id, self.seller_b)
        self.assertRecordValues(
            po_a.order_line,
            [
                {
                    "product_id": self.product_cabbage.id,
                    "product_qty": 300,
                    "price_unit": 2.5,
                    "sale_line_id": line_a.id,
                    "xs_declaration_id": self.decl_a.id,
                    "xs_action_id": self.action_school.id,
                }
            ],
        )
        self.assertEqual(po_b.order_line.product_qty, 200)
        # Dropship: the seller ships to the buyer.
        self.assertEqual(po_a.dest_address_id, self.buyer_school)
        self.assertEqual(self.decl_a.qty_ordered, 300)
        self.assertEqual(self.decl_a.qty_remaining, 700)
        self.assertEqual(self.decl_a.sale_order_count, 1)
        self.assertEqual(self.decl_a.purchase_order_count, 1)

    def test_r10_r17_deliver_invoice_and_reconcile(self):
        order = self._order(self.buyer_school, [(self.decl_a, 300), (self.decl_b, 200)])
        line_a, line_b = order.order_line
        po_a = line_a.purchase_line_ids.order_id
        po_b = line_b.purchase_line_ids.order_id
        (po_a | po_b).button_confirm()
        Reconciliation = self.env["xs.reconciliation.line"].with_user(self.user_finance)
        rows = Reconciliation.search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(rows), 2)
        self.assertTrue(all(rows.mapped("seller_unpaid")))
        self.assertTrue(all(rows.mapped("has_difference")), "nothing delivered nor billed yet")

        pickings = self._deliver(order)
        self.assertEqual(len(pickings), 2, "one dropship per seller")
        self.assertEqual(set(pickings.mapped("picking_type_id.code")), {"dropship"})
        self.assertEqual(line_a.qty_delivered, 300)
        self.assertEqual(po_a.order_line.qty_received, 300)
        self.assertEqual(self.decl_a.qty_delivered, 300)

        self._invoice_customer(order)
        bill_a = self._bill_seller(po_a)
        self._bill_seller(po_b)
        self._pay(bill_a)
        self.env.flush_all()
        row_a = Reconciliation.search([("sale_line_id", "=", line_a.id)])
        self.assertRecordValues(
            row_a,
            [
                {
                    "seller_id": self.seller_a.id,
                    "declaration_id": self.decl_a.id,
                    "action_id": self.action_school.id,
                    "purchase_order_id": po_a.id,
                    "qty_sold": 300,
                    "qty_purchased": 300,
                    "qty_received": 300,
                    "qty_delivered": 300,
                    "qty_billed": 300,
                    "amount_sold": 750,
                    "amount_purchased": 750,
                    "amount_billed": 750,
                    "amount_invoiced": 750,
                    "amount_paid": 750,
                    "amount_unpaid": 0,
                    "has_difference": False,
                    "seller_unpaid": False,
                }
            ],
        )
        unpaid = Reconciliation.search(
            [("seller_unpaid", "=", True), ("sale_order_id", "=", order.id)]
        )
        self.assertEqual(unpaid.seller_id, self.seller_b)
        self.assertEqual(unpaid.amount_unpaid, 400)
        groups = Reconciliation._read_group(
            [("campaign_id", "=", self.campaign.id)], ["seller_id"], ["amount_paid:sum"]
        )
        self.assertEqual(dict(groups)[self.seller_a], 750)

    def test_r17_only_finance_reconciles(self):
        self._order(self.buyer_school, [(self.decl_a, 10)])
        for user in (self.user_township_a, self.user_lead, self.user_plain):
            with self.assertRaises(AccessError):
                self.env["xs.reconciliation.line"].with_user(user).search([])
        portal = self.env["res.users"].create(
            {
                "name": "Buyer portal",
                "login": "xs_portal_buyer",
                "partner_id": self.buyer_school.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.env["xs.reconciliation.line"].with_user(portal).search([])
        self.assertTrue(self.env["xs.reconciliation.line"].with_user(self.user_county).search([]))

    def test_r10_no_oversell(self):
        with self.assertRaisesText(UserError, "Only 1000"):
            self._order(self.buyer_school, [(self.decl_a, 1200)])
        self._order(self.buyer_school, [(self.decl_a, 600)])
        with self.assertRaisesText(UserError, "Only 400"):
            self._order(self.buyer_school_2, [(self.decl_a, 500)])
        # Two lines of one order add up too.
        with self.assertRaisesText(UserError, "Only 400"):
            self._order(self.buyer_school_2, [(self.decl_a, 300), (self.decl_a, 200)])
        self._order(self.buyer_school_2, [(self.decl_a, 400)])
        self.assertEqual(self.decl_a.state, "sold_out")

    def test_r10_units_converted(self):
        # Ordered in tonnes, declared in kg.
        tonne = self.env.ref("uom.product_uom_ton")
        order = self._order(self.buyer_school, [(self.decl_a, 0)], confirm=False)
        order.order_line.write({"product_uom": tonne.id, "product_uom_qty": 0.4})
        order.action_confirm()
        self.assertAlmostEqual(self.decl_a.qty_ordered, 400)
        self.assertEqual(order.order_line.price_unit, 2500)

    def test_r10_orders_only_while_implementation_open(self):
        self.phase_implementation.action_close()
        with self.assertRaisesText(UserError, "implementation phase"):
            self._order(self.buyer_school, [(self.decl_a, 10)])

    def test_r22_counted_once_under_one_action(self):
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "amount_committed": 1000,
                "date_end": self.phase_implementation.date_end,
            }
        )
        with self.assertRaisesText(ValidationError, "counts once"):
            self._order(
                self.buyer_school,
                [(self.decl_a, 10)],
                action=self.action_ecommerce,
                commitment=commitment,
            )
        with self.assertRaisesText(ValidationError, "counts once"):
            self._order(self.buyer_school_2, [(self.decl_a, 10)], commitment=commitment)
        order = self._order(self.buyer_school, [(self.decl_a, 10)], commitment=commitment)
        self.assertEqual(order.order_line.xs_action_id, self.action_school)
        # Without an action the order cannot count anywhere: refused at confirmation.
        stranger = self.env["res.partner"].create({"name": "No category"})
        order = self.env["sale.order"].create(
            {
                "partner_id": stranger.id,
                "xs_campaign_id": self.campaign.id,
                "order_line": [
                    Command.create({"xs_declaration_id": self.decl_a.id, "product_uom_qty": 1})
                ],
            }
        )
        self.assertFalse(order.xs_action_id)
        with self.assertRaisesText(UserError, "campaign and action"):
            order.action_confirm()

    def test_r10_buy_mto_grouping_keeps_each_sale_line(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        mto = warehouse.mto_pull_id.route_id
        mto.active = True
        buy = self.env.ref("purchase_stock.route_warehouse0_buy")
        self.product_cabbage.route_ids = [Command.set(buy.ids)]
        orders = self._order(self.buyer_school, [(self.decl_a, 100)], confirm=False)
        orders |= self._order(self.buyer_school_2, [(self.decl_a, 150)], confirm=False)
        orders.order_line.route_id = mto  # into the county warehouse, then delivered
        order_1, order_2 = orders
        order_1.action_confirm()
        order_2.action_confirm()
        purchase = order_1.order_line.purchase_line_ids.order_id
        self.assertEqual(
            purchase, order_2.order_line.purchase_line_ids.order_id, "one RFQ for both"
        )
        self.assertEqual(purchase.partner_id, self.seller_a)
        self.assertFalse(purchase.dest_address_id, "received in stock, not dropshipped")
        self.assertRecordValues(
            purchase.order_line.sorted("product_qty"),
            [
                {
                    "product_qty": 100,
                    "sale_line_id": order_1.order_line.id,
                    "xs_declaration_id": self.decl_a.id,
                },
                {
                    "product_qty": 150,
                    "sale_line_id": order_2.order_line.id,
                    "xs_declaration_id": self.decl_a.id,
                },
            ],
        )

    def test_r10_merged_rfqs_keep_each_sale_line(self):
        # Dropship orders are confirmed at once; RFQs bought into the county warehouse
        # (MTO on the line) wait for the purchaser, who may merge them.
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        mto = warehouse.mto_pull_id.route_id
        mto.active = True
        self.product_cabbage.route_ids = [
            Command.set(self.env.ref("purchase_stock.route_warehouse0_buy").ids)
        ]
        order_1 = self._order(self.buyer_school, [(self.decl_a, 100)], confirm=False)
        order_1.order_line.route_id = mto
        order_1.action_confirm()
        rfq_1 = order_1.order_line.purchase_line_ids.order_id
        rfq_1.write({"state": "sent"})  # no longer a candidate for grouping
        order_2 = self._order(self.buyer_school, [(self.decl_a, 150)], confirm=False)
        order_2.order_line.route_id = mto
        order_2.action_confirm()
        rfq_2 = order_2.order_line.purchase_line_ids.order_id
        self.assertNotEqual(rfq_1, rfq_2)
        (rfq_1 | rfq_2).action_merge()
        merged = (rfq_1 | rfq_2).filtered(lambda p: p.state != "cancel")
        self.assertEqual(len(merged), 1)
        self.assertRecordValues(
            merged.order_line.sorted("product_qty"),
            [
                {"product_qty": 100, "sale_line_id": order_1.order_line.id},
                {"product_qty": 150, "sale_line_id": order_2.order_line.id},
            ],
        )
        self.assertEqual(merged.order_line.xs_declaration_id, self.decl_a)
