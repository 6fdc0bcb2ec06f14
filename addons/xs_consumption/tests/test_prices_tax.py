from odoo import Command, fields
from odoo.tests import tagged

from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestPricesTax(XsOrdersCommon):
    """R10, R17, R21: each purchase line carries its own declaration's price and the entry's
    tax, sellers' orders are confirmed and sent at once, and the money agrees end to end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_buyer = cls.env["res.users"].create(
            {
                "name": "School buyer",
                "login": "xs_tax_portal_buyer",
                "partner_id": cls.env["res.partner"]
                .create({"name": "School canteen", "parent_id": cls.buyer_school.id})
                .id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.Tax = cls.env["account.tax"]
        cls.exempt = cls.Tax._xs_exempt_tax(cls.env.company, "sale")
        cls.vat9 = cls.Tax.search(
            [
                ("company_id", "=", cls.env.company.id),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 9.0),
                ("amount_type", "=", "percent"),
            ],
            limit=1,
        )

    def _listed(self, **kw):
        declaration = self._create_declaration(**kw)
        declaration.action_submit()
        declaration.with_user(self.user_county).action_verify()
        declaration.channel_action_ids = self.action_school
        declaration.with_user(self.user_county).action_list()
        return declaration

    def _settle(self, order):
        """Deliver, invoice the buyer, bill the sellers; pay everything."""
        self._deliver(order)
        invoice = self._invoice_customer(order)
        purchases = order._xs_purchase_orders()
        bills = self.env["account.move"]
        for purchase in purchases:
            bills |= self._bill_seller(purchase)
        self._pay(invoice)
        for bill in bills:
            self._pay(bill)
        self.env.flush_all()
        return invoice, bills

    def test_r10_two_declarations_of_one_seller_keep_their_prices(self):
        """One seller, one product, two townships, two prices."""
        dear = self._listed(township_id=self.township_b.id, price_unit=5.0, quantity=100)
        self.assertEqual(dear.seller_id, self.decl_a.seller_id)
        self.assertEqual(dear.product_id, self.decl_a.product_id)
        self.assertEqual(self.decl_a._xs_supplierinfo().price, 2.5, "listing did not overwrite")
        self.assertEqual(dear._xs_supplierinfo().price, 5.0)
        cheap_order = self._order(self.buyer_school, [(self.decl_a, 40)])
        dear_order = self._order(self.buyer_school_2, [(dear, 10)])
        both = self._order(self.buyer_school, [(self.decl_a, 3), (dear, 2)])
        for order in (cheap_order, dear_order, both):
            for line in order.order_line:
                self.assertEqual(
                    line.purchase_line_ids.price_unit,
                    line.xs_declaration_id.price_unit,
                    "the purchase line carries its own declaration's price",
                )
                self.assertEqual(line.purchase_line_ids.price_unit, line.price_unit)
        for order in (cheap_order, dear_order, both):
            self._settle(order)
        rows = self.env["xs.reconciliation.line"].search(
            [("sale_order_id", "in", (cheap_order | dear_order | both).ids)]
        )
        self.assertEqual(len(rows), 4)
        self.assertFalse(any(rows.mapped("has_difference")))
        for row in rows:
            self.assertAlmostEqual(row.amount_sold, row.amount_billed)
            self.assertAlmostEqual(row.amount_paid, row.amount_billed)
        # Closing an entry leaves no vendor price for later procurement to pick up.
        dear.with_user(self.user_county).action_close()
        self.assertFalse(dear._xs_supplierinfo_ids())
        seller = self.product_cabbage._select_seller(partner_id=self.seller_a, quantity=1)
        self.assertEqual(seller.price, 2.5)

    def test_r11_portal_order_transfer_without_creation_note(self):
        """A portal order posts no creation logs (its work runs under the entry's
        lock), nor the "created from" note on the seller's dropship transfer; the transfer
        still names its purchase order. A back-office confirmation keeps core's note."""

        def origin_notes(order):
            purchase = order._xs_purchase_orders()
            transfers = purchase.picking_ids
            self.assertEqual(len(transfers), 1)
            self.assertEqual(transfers.origin, purchase.name)
            self.assertEqual(transfers.purchase_id, purchase)
            return transfers.message_ids.filtered(lambda m, p=purchase: p.name in (m.body or ""))

        portal_sudo = (
            self.env["sale.order"]
            .with_user(self.portal_buyer)
            ._xs_portal_create_order({self.decl_a.id: 5})
            .sudo()
        )
        self.assertEqual(portal_sudo.state, "sale")
        self._run_purchase_job()  # the job makes the portal order's purchase order
        self.assertFalse(origin_notes(portal_sudo))
        self.assertTrue(origin_notes(self._order(self.buyer_school, [(self.decl_a, 5)])))

    def test_r10_purchase_line_takes_its_own_entry_vendor_price(self):
        """A catalogue line's purchase line is made from its own entry's vendor
        price (looked up directly, not among every vendor price of the product: a province
        product has one per seller and entry), whatever cheaper prices the same seller or
        other vendors have for the product; every other purchase keeps core's lookup."""
        dear = self._listed(township_id=self.township_b.id, price_unit=5.0, quantity=100)
        self.assertEqual((dear.seller_id, dear.product_id), (self.seller_a, self.product_cabbage))
        dear._xs_supplierinfo().product_code = "ENTRY-DEAR"
        template = self.product_cabbage.product_tmpl_id
        self.env["product.supplierinfo"].create(
            [
                # The seller's own cheaper price for the product, outside the campaign.
                {
                    "partner_id": self.seller_a.id,
                    "product_tmpl_id": template.id,
                    "price": 1.0,
                    "product_code": "SELLER-OWN",
                },
                # Other vendors of the product.
                {"partner_id": self.seller_b.id, "product_tmpl_id": template.id, "price": 0.5},
                {"partner_id": self.buyer_bank.id, "product_tmpl_id": template.id, "price": 0.4},
            ]
        )
        order = self._order(self.buyer_school, [(dear, 10)])
        line = order.order_line.purchase_line_ids
        self.assertEqual(line.partner_id, self.seller_a)
        self.assertEqual(line.price_unit, 5.0)
        self.assertEqual(line.order_id.state, "purchase")
        self.assertIn("[ENTRY-DEAR]", line.name, "named after the entry's own vendor price")
        # Outside a catalogue line's procurement, core's lookup: the seller's cheapest price.
        seller = self.product_cabbage._select_seller(partner_id=self.seller_a, quantity=10)
        self.assertEqual(seller.product_code, "SELLER-OWN")
        self.assertEqual(self.product_cabbage._select_seller(quantity=10).price, 0.4)

    def _check_money_agrees(self, tax, rate):
        declaration = self._listed(
            product_id=self.product_kiwi.id, price_unit=2.4, quantity=1000, tax_id=tax.id
        )
        order_sudo = (
            self.env["sale.order"]
            .with_user(self.portal_buyer)
            ._xs_portal_create_order({declaration.id: 300})
            .sudo()
        )
        self._run_purchase_job()
        line = order_sudo.order_line
        self.assertEqual(line.tax_id, tax)
        purchase_line = line.purchase_line_ids
        self.assertEqual(purchase_line.price_unit, 2.4)
        self.assertEqual(purchase_line.taxes_id.amount, tax.amount)
        self.assertEqual(purchase_line.taxes_id.type_tax_use, "purchase")
        untaxed = 720.0
        self.assertAlmostEqual(order_sudo.amount_untaxed, untaxed)
        self.assertAlmostEqual(order_sudo.amount_total, untaxed * (1 + rate))
        purchase = purchase_line.order_id
        self.assertAlmostEqual(purchase.amount_total, order_sudo.amount_total, "seller gets it all")
        invoice, bills = self._settle(order_sudo)
        # What the buyer pays = what the seller is paid, tax included.
        self.assertAlmostEqual(invoice.amount_total, order_sudo.amount_total)
        self.assertAlmostEqual(sum(bills.mapped("amount_total")), invoice.amount_total)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(set(bills.mapped("payment_state")), {"paid"})
        # Returns, statements and reconciliation count untaxed amounts, and agree.
        row = self.env["xs.reconciliation.line"].search([("sale_line_id", "=", line.id)])
        self.assertRecordValues(
            row,
            [
                {
                    "amount_sold": untaxed,
                    "amount_purchased": untaxed,
                    "amount_invoiced": untaxed,
                    "amount_billed": untaxed,
                    "amount_paid": untaxed,
                    "amount_unpaid": 0,
                    "has_difference": False,
                    "seller_unpaid": False,
                }
            ],
        )
        # The one owner of counted amounts (returns, progress, statements read it).
        figures = self.env["xs.counted.line"]._xs_amounts_by(
            [("declaration_id", "=", declaration.id)], "declaration_id"
        )[declaration.id]
        for key in ("ordered", "delivered", "invoiced", "paid", "counted"):
            self.assertAlmostEqual(figures[key], untaxed, msg=key)
        self.assertAlmostEqual(declaration.amount_ordered, untaxed)

    def test_r17_money_agrees_exempt(self):
        """R17, R21: the default catalogue tax is VAT exempt; buyer pays = seller paid."""
        self.assertTrue(self.exempt)
        fresh = self._create_declaration(
            product_id=self.product_kiwi.id, seller_id=self.seller_b.id
        )
        self.assertEqual(fresh.tax_id, self.exempt)
        self._check_money_agrees(self.exempt, 0.0)

    def test_r17_money_agrees_vat_9(self):
        """R17: a taxed entry (9 %, agricultural products) charges and pays the same tax."""
        self.assertTrue(self.vat9, "the Chinese chart has a 9 % sales tax")
        self._check_money_agrees(self.vat9, 0.09)

    def test_r10_purchase_confirmed_and_sent_at_once(self):
        before = fields.Datetime.now()
        order = self._order(self.buyer_school, [(self.decl_a, 30), (self.decl_b, 20)])
        purchases = order._xs_purchase_orders()
        self.assertEqual(len(purchases), 2)
        self.assertEqual(set(purchases.mapped("state")), {"purchase"})
        for purchase in purchases:
            self.assertGreaterEqual(purchase.date_order, before.replace(microsecond=0))
            self.assertGreaterEqual(purchase.date_planned, before.replace(microsecond=0))
            sent = purchase.message_ids.filtered(
                lambda m, p=purchase: p.partner_id in m.partner_ids
            )
            self.assertTrue(sent, "the seller is sent its order")
            # Notified by Odoo's scheduled-message cron, out of the buyer's request.
            self.assertTrue(
                self.env["mail.message.schedule"].search([("mail_message_id", "in", sent.ids)])
            )
        self.assertEqual(purchases.order_line.mapped("price_unit"), [2.5, 2.0])

    def test_r10_cancelling_the_sale_cancels_its_purchases(self):
        order = self._order(self.buyer_school, [(self.decl_a, 30), (self.decl_b, 20)])
        purchases = order._xs_purchase_orders()
        order._action_cancel()
        self.assertEqual(set(purchases.mapped("state")), {"cancel"})
        self.assertEqual(self.decl_a.qty_ordered, 0)
        # Once the goods arrived, the purchase stays and the purchaser is flagged.
        order = self._order(self.buyer_school, [(self.decl_a, 30)])
        self._deliver(order)
        purchase = order._xs_purchase_orders()
        order.with_context(disable_cancel_warning=True)._action_cancel()
        self.assertEqual(purchase.state, "purchase")
        self.assertTrue(purchase.activity_ids, "the purchaser is asked to deal with it")
