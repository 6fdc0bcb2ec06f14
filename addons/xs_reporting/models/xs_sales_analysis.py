from odoo import fields, models

from odoo.addons.xs_consumption.models.res_partner import BUYER_CATEGORIES, SELLER_TYPES
from odoo.addons.xs_consumption.models.xs_campaign_action import ACTION_TYPES
from odoo.addons.xs_consumption.models.xs_surplus_declaration import CATEGORIES


class XsSalesAnalysis(models.Model):
    """R13 progress dashboards: one row per confirmed campaign sale line, with the action,
    buyer category, township, produce category and seller it counts for, and its amounts
    ordered, delivered, invoiced, paid and counted on the campaign's basis. A SQL view, so
    pivot and graph aggregate in PostgreSQL straight from the documents (R22)."""

    _name = "xs.sales.analysis"
    _description = "Consumption Assistance Sales Analysis"
    _auto = False
    _order = "date_order desc, id desc"
    _rec_name = "sale_order_id"
    # Pending changes of these fields are flushed before the view is queried.
    _depends = {
        "sale.order": [
            "state",
            "partner_id",
            "company_id",
            "date_order",
            "xs_campaign_id",
            "xs_action_id",
            "xs_event_id",
        ],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom_qty",
            "qty_delivered",
            "price_subtotal",
            "price_reduce_taxexcl",
            "untaxed_amount_invoiced",
            "xs_declaration_id",
            "state",
        ],
        "account.move": ["state", "move_type", "payment_state"],
        "account.move.line": ["move_id", "balance", "display_type", "sale_line_ids"],
        "res.partner": [
            "commercial_partner_id",
            "xs_buyer_category",
            "xs_seller_type",
            "xs_township_id",
        ],
        "xs.campaign": ["count_basis"],
        "xs.campaign.action": ["action_type"],
        "xs.surplus.declaration": ["township_id", "seller_id", "category"],
        "product.supplierinfo": ["partner_id", "product_tmpl_id", "sequence"],
    }

    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    campaign_id = fields.Many2one("xs.campaign", readonly=True)
    action_id = fields.Many2one("xs.campaign.action", readonly=True)
    action_type = fields.Selection(ACTION_TYPES, readonly=True)
    event_id = fields.Many2one("xs.event", readonly=True)
    buyer_id = fields.Many2one("res.partner", readonly=True)
    buyer_category = fields.Selection(BUYER_CATEGORIES, readonly=True)
    declaration_id = fields.Many2one(
        "xs.surplus.declaration", string="Catalogue Entry", readonly=True
    )
    is_catalogue = fields.Boolean(
        string="Unsold Produce",
        readonly=True,
        help="Sold from the catalogue of declared unsold produce; other campaign sales are "
        "county products in general.",
    )
    township_id = fields.Many2one("xs.township", readonly=True)
    seller_id = fields.Many2one("res.partner", readonly=True)
    seller_type = fields.Selection(SELLER_TYPES, readonly=True)
    category = fields.Selection(CATEGORIES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    qty_ordered = fields.Float(readonly=True, digits="Product Unit of Measure")
    qty_delivered = fields.Float(readonly=True, digits="Product Unit of Measure")
    amount_ordered = fields.Monetary(string="Ordered", readonly=True)
    amount_delivered = fields.Monetary(string="Delivered", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    amount_counted = fields.Monetary(
        string="Counted",
        readonly=True,
        help="The amount on the campaign's counting basis (ordered, delivered, invoiced or "
        "paid), as in action progress and commitments.",
    )

    @property
    def _table_query(self):
        return """
            WITH paid AS (
                SELECT rel.order_line_id AS sale_line_id, -SUM(aml.balance) AS amount_paid
                  FROM sale_order_line_invoice_rel rel
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE am.move_type IN ('out_invoice', 'out_refund')
                   AND am.payment_state IN ('paid', 'in_payment')
                   AND aml.display_type = 'product'
              GROUP BY rel.order_line_id
            ), figures AS (
                SELECT sol.id,
                       sol.product_uom_qty,
                       sol.qty_delivered,
                       sol.price_subtotal AS amount_ordered,
                       sol.qty_delivered * sol.price_reduce_taxexcl AS amount_delivered,
                       sol.untaxed_amount_invoiced AS amount_invoiced,
                       COALESCE(paid.amount_paid, 0) AS amount_paid
                  FROM sale_order_line sol
             LEFT JOIN paid ON paid.sale_line_id = sol.id
                 WHERE sol.state = 'sale' AND sol.display_type IS NULL
            )
            SELECT sol.id,
                   sol.id AS sale_line_id,
                   so.id AS sale_order_id,
                   so.date_order,
                   so.company_id,
                   so.xs_campaign_id AS campaign_id,
                   so.xs_action_id AS action_id,
                   act.action_type,
                   so.xs_event_id AS event_id,
                   buyer.id AS buyer_id,
                   buyer.xs_buyer_category AS buyer_category,
                   d.id AS declaration_id,
                   d.id IS NOT NULL AS is_catalogue,
                   COALESCE(d.township_id, seller.xs_township_id) AS township_id,
                   seller.id AS seller_id,
                   seller.xs_seller_type AS seller_type,
                   COALESCE(d.category, 'other') AS category,
                   sol.product_id,
                   f.product_uom_qty AS qty_ordered,
                   f.qty_delivered,
                   f.amount_ordered,
                   f.amount_delivered,
                   f.amount_invoiced,
                   f.amount_paid,
                   CASE c.count_basis
                        WHEN 'delivered' THEN f.amount_delivered
                        WHEN 'invoiced' THEN f.amount_invoiced
                        WHEN 'paid' THEN f.amount_paid
                        ELSE f.amount_ordered END AS amount_counted
              FROM figures f
              JOIN sale_order_line sol ON sol.id = f.id
              JOIN sale_order so ON so.id = sol.order_id
              JOIN xs_campaign c ON c.id = so.xs_campaign_id
              JOIN res_partner p ON p.id = so.partner_id
              JOIN res_partner buyer ON buyer.id = p.commercial_partner_id
         LEFT JOIN xs_campaign_action act ON act.id = so.xs_action_id
         LEFT JOIN xs_surplus_declaration d ON d.id = sol.xs_declaration_id
              JOIN product_product pp ON pp.id = sol.product_id
         -- Other county products count for their main vendor and its township (R14).
         LEFT JOIN LATERAL (
                SELECT si.partner_id
                  FROM product_supplierinfo si
                 WHERE si.product_tmpl_id = pp.product_tmpl_id
              ORDER BY si.sequence, si.id
                 LIMIT 1
              ) vendor ON d.id IS NULL
         LEFT JOIN res_partner seller ON seller.id = COALESCE(d.seller_id, vendor.partner_id)
        """
