from odoo import _, fields, models
from odoo.exceptions import UserError


class XsReconciliationLine(models.Model):
    """Finance reconciliation (R17): one row per confirmed catalogue sale line, beside the
    purchase, receipt, vendor bill and payment that answer it. A SQL view, so every figure
    comes straight from the documents."""

    _name = "xs.reconciliation.line"
    _description = "Reconciliation Line"
    _auto = False
    _order = "sale_order_id desc, id"
    _rec_name = "sale_line_id"
    # Pending changes of these fields are flushed before the view is queried.
    _depends = {
        "sale.order": [
            "state",
            "partner_id",
            "company_id",
            "date_order",
            "xs_campaign_id",
            "xs_action_id",
        ],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom_qty",
            "qty_delivered",
            "price_subtotal",
            "untaxed_amount_invoiced",
            "xs_declaration_id",
        ],
        "purchase.order": ["state"],
        "purchase.order.line": [
            "order_id",
            "sale_line_id",
            "product_qty",
            "price_subtotal",
            "qty_received",
            "qty_invoiced",
        ],
        "account.move": ["state", "move_type", "payment_state"],
        "account.move.line": ["move_id", "purchase_line_id", "price_subtotal"],
        "xs.surplus.declaration": ["township_id", "seller_id"],
    }

    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    sale_order_id = fields.Many2one("sale.order", readonly=True)
    purchase_order_id = fields.Many2one("purchase.order", readonly=True)
    campaign_id = fields.Many2one("xs.campaign", readonly=True)
    action_id = fields.Many2one("xs.campaign.action", readonly=True)
    declaration_id = fields.Many2one("xs.surplus.declaration", readonly=True)
    township_id = fields.Many2one("xs.township", readonly=True)
    seller_id = fields.Many2one("res.partner", readonly=True)
    buyer_id = fields.Many2one("res.partner", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_order = fields.Datetime(readonly=True)
    qty_sold = fields.Float(readonly=True, digits="Product Unit of Measure", aggregator=None)
    qty_purchased = fields.Float(readonly=True, digits="Product Unit of Measure", aggregator=None)
    qty_received = fields.Float(readonly=True, digits="Product Unit of Measure", aggregator=None)
    qty_delivered = fields.Float(readonly=True, digits="Product Unit of Measure", aggregator=None)
    qty_billed = fields.Float(
        string="Qty Billed by Seller",
        readonly=True,
        digits="Product Unit of Measure",
        aggregator=None,
    )
    amount_sold = fields.Monetary(readonly=True)
    amount_purchased = fields.Monetary(readonly=True)
    amount_billed = fields.Monetary(string="Billed by Seller", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced to Buyer", readonly=True)
    amount_paid = fields.Monetary(string="Paid to Seller", readonly=True)
    amount_unpaid = fields.Monetary(string="Owed to Seller", readonly=True)
    qty_difference = fields.Float(
        string="Qty Sold - Purchased",
        readonly=True,
        digits="Product Unit of Measure",
        aggregator=None,
    )
    amount_difference = fields.Monetary(
        string="Difference",
        readonly=True,
        help="Purchased from the seller minus what the seller billed (excl. tax): what it "
        "has still to bill before it can be paid in full; negative when it billed more.",
    )
    has_difference = fields.Boolean(readonly=True)
    seller_unpaid = fields.Boolean(string="Seller Still Unpaid", readonly=True)

    @property
    def _table_query(self):
        return """
            WITH po AS (
                SELECT pol.sale_line_id,
                       MIN(pol.order_id) AS purchase_order_id,
                       SUM(pol.product_qty) AS qty_purchased,
                       SUM(pol.price_subtotal) AS amount_purchased,
                       SUM(pol.qty_received) AS qty_received,
                       SUM(pol.qty_invoiced) AS qty_billed
                  FROM purchase_order_line pol
                  JOIN purchase_order p ON p.id = pol.order_id
                 WHERE pol.sale_line_id IS NOT NULL AND p.state IN ('purchase', 'done')
              GROUP BY pol.sale_line_id
            ), bills AS (
                SELECT pol.sale_line_id,
                       SUM(CASE WHEN am.move_type = 'in_refund'
                                THEN -aml.price_subtotal ELSE aml.price_subtotal END)
                           AS amount_billed,
                       SUM(CASE WHEN am.payment_state NOT IN ('paid', 'in_payment') THEN 0
                                WHEN am.move_type = 'in_refund' THEN -aml.price_subtotal
                                ELSE aml.price_subtotal END) AS amount_paid
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN purchase_order_line pol ON pol.id = aml.purchase_line_id
                 WHERE am.state = 'posted' AND pol.sale_line_id IS NOT NULL
              GROUP BY pol.sale_line_id
            )
            SELECT sol.id,
                   sol.id AS sale_line_id,
                   so.id AS sale_order_id,
                   po.purchase_order_id,
                   so.xs_campaign_id AS campaign_id,
                   so.xs_action_id AS action_id,
                   d.id AS declaration_id,
                   d.township_id,
                   d.seller_id,
                   so.partner_id AS buyer_id,
                   sol.product_id,
                   so.company_id,
                   so.date_order,
                   sol.product_uom_qty AS qty_sold,
                   COALESCE(po.qty_purchased, 0) AS qty_purchased,
                   COALESCE(po.qty_received, 0) AS qty_received,
                   sol.qty_delivered,
                   COALESCE(po.qty_billed, 0) AS qty_billed,
                   sol.price_subtotal AS amount_sold,
                   COALESCE(po.amount_purchased, 0) AS amount_purchased,
                   COALESCE(bills.amount_billed, 0) AS amount_billed,
                   sol.untaxed_amount_invoiced AS amount_invoiced,
                   COALESCE(bills.amount_paid, 0) AS amount_paid,
                   COALESCE(po.amount_purchased, 0) - COALESCE(bills.amount_paid, 0)
                       AS amount_unpaid,
                   sol.product_uom_qty - COALESCE(po.qty_purchased, 0) AS qty_difference,
                   COALESCE(po.amount_purchased, 0) - COALESCE(bills.amount_billed, 0)
                       AS amount_difference,
                   (sol.product_uom_qty <> COALESCE(po.qty_purchased, 0)
                    OR sol.qty_delivered <> COALESCE(po.qty_received, 0)
                    OR COALESCE(po.amount_purchased, 0) <> COALESCE(bills.amount_billed, 0)
                    OR sol.price_subtotal <> sol.untaxed_amount_invoiced) AS has_difference,
                   COALESCE(po.amount_purchased, 0) > COALESCE(bills.amount_paid, 0)
                       AS seller_unpaid
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN xs_surplus_declaration d ON d.id = sol.xs_declaration_id
              LEFT JOIN po ON po.sale_line_id = sol.id
              LEFT JOIN bills ON bills.sale_line_id = sol.id
             WHERE so.state = 'sale'
        """

    def _xs_bills(self):
        """The seller's bills (and refunds) answering these rows' purchases."""
        return (
            self.env["account.move.line"]
            .search(
                [
                    ("purchase_line_id.sale_line_id", "in", self.sale_line_id.ids),
                    ("move_id.move_type", "in", ("in_invoice", "in_refund")),
                ]
            )
            .move_id
        )

    def action_open_bills(self):
        """The seller's bills of this row's purchase order (core's view of a purchase
        order's bills); none yet: core's *Create Bill* of the purchase order."""
        self.ensure_one()
        purchase = self.purchase_order_id
        if not purchase:
            raise UserError(
                _(
                    "%(order)s has no confirmed purchase order from %(seller)s yet: confirm "
                    "it first, then the seller's bill can be recorded.",
                    order=self.sale_order_id.name,
                    seller=self.seller_id.display_name,
                )
            )
        bills = self._xs_bills()
        if not bills:
            return purchase.action_create_invoice()
        return purchase.action_view_invoice(bills)

    def action_register_payment(self):
        """Pay the seller: core's *Register Payment* on its posted bills of this row that
        are not paid yet."""
        self.ensure_one()
        bills = self._xs_bills().filtered(
            lambda m: (
                m.state == "posted"
                and m.move_type == "in_invoice"
                and m.payment_state in ("not_paid", "partial")
            )
        )
        if not bills:
            raise UserError(
                _(
                    "No posted bill of %(seller)s for %(order)s awaits payment: record and "
                    "post the seller's bill first (Bills).",
                    seller=self.seller_id.display_name,
                    order=self.sale_order_id.name,
                )
            )
        return bills.action_register_payment()
