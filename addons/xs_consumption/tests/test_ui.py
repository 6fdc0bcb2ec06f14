from odoo.tests import HttpCase, tagged

from .common import XsCommon


@tagged("post_install", "-at_install")
class TestUi(XsCommon, HttpCase):
    """R4 end to end in the browser: a township submits, the county verifies."""

    def test_r4_declaration_tours(self):
        seller = self.env["res.partner"].create(
            {"name": "Tour Cooperative", "is_company": True, "xs_seller_type": "cooperative"}
        )
        product = self.env["product.product"].create(
            {
                "name": "Tour Cabbage",
                "type": "consu",
                "categ_id": self.env.ref("xs_consumption.product_category_vegetable").id,
            }
        )
        self.start_tour(
            "/odoo/action-xs_consumption.xs_surplus_declaration_action",
            "xs_declaration_submit_tour",
            login="xs_township_a",
        )
        declaration = self.env["xs.surplus.declaration"].search([("product_id", "=", product.id)])
        self.assertEqual(len(declaration), 1)
        self.assertRecordValues(
            declaration,
            [
                {
                    "state": "submitted",
                    "township_id": self.township_a.id,
                    "seller_id": seller.id,
                    "campaign_id": self.campaign.id,
                    "quantity": 1500,
                    "amount_total": 3750,
                    "poverty_household_count": 25,
                    "contact_phone": "+86 138 0013 8000",
                }
            ],
        )
        self.start_tour(
            "/odoo/action-xs_consumption.xs_surplus_declaration_action",
            "xs_declaration_verify_tour",
            login="xs_county",
        )
        self.assertEqual(declaration.state, "verified")
        self.assertEqual(declaration.verified_by_id, self.user_county)


@tagged("post_install", "-at_install")
class TestUiOrders(XsCommon, HttpCase):
    """R8/R10/R17 end to end: catalogue to confirmed order in the browser, then the
    standard purchase, dropship, invoices and payments, and what each shows."""

    def test_r10_catalogue_to_order_tour(self):
        seller = self.env["res.partner"].create(
            {"name": "Tour Coop", "is_company": True, "xs_seller_type": "cooperative"}
        )
        radish = self.env["product.product"].create(
            {
                "name": "Tour Radish",
                "type": "consu",
                "categ_id": self.env.ref("xs_consumption.product_category_vegetable").id,
            }
        )
        buyer = self.env["res.partner"].create(
            {"name": "Tour School", "is_company": True, "xs_buyer_category": "school"}
        )
        declaration = self._create_declaration(
            seller_id=seller.id, product_id=radish.id, quantity=1000, price_unit=3
        )
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        declaration.channel_action_ids = self.action_school
        declaration.with_user(self.user_county).action_list()
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": buyer.id,
                "amount_committed": 600,
                "date_end": self.phase_implementation.date_end,
            }
        )
        commitment.action_confirm()

        self.start_tour(
            "/odoo/action-xs_consumption.xs_surplus_declaration_action_catalogue",
            "xs_catalogue_order_tour",
            login="xs_county",
        )
        order = self.env["sale.order"].search([("partner_id", "=", buyer.id)])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.xs_action_id, self.action_school)
        self.assertEqual(declaration.qty_remaining, 900)
        purchase = order.order_line.purchase_line_ids.order_id
        self.assertEqual(purchase.partner_id, seller)
        self.assertEqual(purchase.order_line.product_qty, 100)
        self.assertEqual(purchase.order_line.xs_declaration_id, declaration)

        # The order counts for the commitment once attributed to it.
        order.xs_commitment_id = commitment
        self.assertEqual(commitment.amount_ordered, 300)
        self.assertEqual(commitment.fulfilment_rate, 50)

        purchase.button_confirm()
        picking = purchase.picking_ids
        picking.move_ids.quantity = 100
        picking.button_validate()
        self.assertEqual(declaration.qty_delivered, 100)
        invoice = order._create_invoices()
        invoice.action_post()
        purchase.action_create_invoice()
        bill = purchase.invoice_ids
        bill.invoice_date = self.today
        bill.action_post()
        line = self.env["xs.reconciliation.line"].search([("sale_order_id", "=", order.id)])
        self.assertRecordValues(
            line,
            [
                {
                    "qty_sold": 100,
                    "qty_received": 100,
                    "amount_billed": 300,
                    "amount_invoiced": 300,
                    "amount_paid": 0,
                    "seller_unpaid": True,
                }
            ],
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        line.invalidate_recordset()
        self.assertFalse(line.seller_unpaid)
        commitment.invalidate_recordset()
        self.assertEqual(commitment.amount_delivered, 300)
        self.assertEqual(commitment.amount_invoiced, 300)
