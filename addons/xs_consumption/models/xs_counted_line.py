from collections import defaultdict

from odoo import api, fields, models

from .res_partner import BUYER_CATEGORIES, SELLER_TYPES
from .xs_campaign_action import ACTION_TYPES
from .xs_surplus_declaration import CATEGORIES

SOURCES = [("platform", "Platform Order"), ("direct", "Off-Platform Purchase")]

# The four figures a sale can count by (xs.campaign.count_basis).
BASES = ("ordered", "delivered", "invoiced", "paid")


class XsCountedLine(models.Model):
    """The one owner of every counted figure (R2, R13, R14, R22): one row per confirmed
    campaign sale line and per verified off-platform purchase, with what it counts for
    (campaign, action, commitment, agreement, event, work team, buyer, township, seller)
    and its amounts ordered, delivered, invoiced, paid and counted on the campaign's basis.

    Progress, fulfilment, events, cases, the dashboards, rankings and every return read
    this view (directly with ``_xs_amounts_by`` or through ``xs.sales.analysis``, which
    is built on its query), so a figure cannot differ between two screens or two roles.
    Off-platform purchases are recorded with their evidence after they were made and paid,
    so they count the same on every basis. Dates are on the county calendar."""

    _name = "xs.counted.line"
    _description = "Counted Sales Line"
    _auto = False
    _order = "date desc, id desc"
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
            "xs_commitment_id",
            "xs_agreement_id",
            "xs_work_team_id",
        ],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "qty_delivered",
            "price_subtotal",
            "price_reduce_taxexcl",
            "untaxed_amount_invoiced",
            "xs_declaration_id",
            "state",
            "display_type",
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
        "xs.direct.purchase": [
            "state",
            "date",
            "company_id",
            "campaign_id",
            "action_id",
            "work_team_id",
            "buyer_id",
            "seller_id",
            "declaration_id",
            "township_id",
            "product_id",
            "uom_id",
            "quantity",
            "amount",
        ],
        "product.supplierinfo": ["partner_id", "product_tmpl_id", "sequence"],
    }

    source = fields.Selection(SOURCES, readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    sale_order_id = fields.Many2one("sale.order", string="Order", readonly=True)
    direct_purchase_id = fields.Many2one(
        "xs.direct.purchase", string="Off-Platform Purchase", readonly=True
    )
    date = fields.Date(readonly=True, help="Order or purchase date, county calendar.")
    date_order = fields.Datetime(string="Order Date", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    campaign_id = fields.Many2one("xs.campaign", readonly=True)
    action_id = fields.Many2one("xs.campaign.action", readonly=True)
    action_type = fields.Selection(ACTION_TYPES, readonly=True)
    event_id = fields.Many2one("xs.event", readonly=True)
    commitment_id = fields.Many2one("xs.buyer.commitment", readonly=True)
    agreement_id = fields.Many2one("xs.supply.agreement", readonly=True)
    work_team_id = fields.Many2one("xs.work.team", readonly=True)
    buyer_id = fields.Many2one("res.partner", readonly=True)
    buyer_category = fields.Selection(BUYER_CATEGORIES, readonly=True)
    declaration_id = fields.Many2one(
        "xs.surplus.declaration", string="Catalogue Entry", readonly=True
    )
    is_catalogue = fields.Boolean(string="Unsold Produce", readonly=True)
    township_id = fields.Many2one("xs.township", readonly=True)
    seller_id = fields.Many2one("res.partner", readonly=True)
    seller_type = fields.Selection(SELLER_TYPES, readonly=True)
    category = fields.Selection(CATEGORIES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    qty_ordered = fields.Float(readonly=True, digits="Product Unit of Measure")
    qty_delivered = fields.Float(readonly=True, digits="Product Unit of Measure")
    amount_ordered = fields.Monetary(readonly=True)
    amount_delivered = fields.Monetary(readonly=True)
    amount_invoiced = fields.Monetary(readonly=True)
    amount_paid = fields.Monetary(readonly=True)
    amount_counted = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        # Sale lines get even ids, off-platform purchases odd ones: unique and stable.
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
            ), lines AS (
                SELECT sol.id * 2 AS id,
                       'platform'::varchar AS source,
                       sol.id AS sale_line_id,
                       so.id AS sale_order_id,
                       NULL::integer AS direct_purchase_id,
                       (so.date_order AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date
                           AS date,
                       so.date_order,
                       so.company_id,
                       so.xs_campaign_id AS campaign_id,
                       so.xs_action_id AS action_id,
                       so.xs_event_id AS event_id,
                       so.xs_commitment_id AS commitment_id,
                       so.xs_agreement_id AS agreement_id,
                       so.xs_work_team_id AS work_team_id,
                       p.commercial_partner_id AS buyer_id,
                       sol.xs_declaration_id AS declaration_id,
                       NULL::integer AS direct_township_id,
                       NULL::integer AS direct_seller_id,
                       sol.product_id,
                       sol.product_uom AS uom_id,
                       sol.product_uom_qty AS qty_ordered,
                       sol.qty_delivered,
                       sol.price_subtotal AS amount_ordered,
                       sol.qty_delivered * sol.price_reduce_taxexcl AS amount_delivered,
                       sol.untaxed_amount_invoiced AS amount_invoiced,
                       COALESCE(paid.amount_paid, 0) AS amount_paid
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
             LEFT JOIN paid ON paid.sale_line_id = sol.id
                 WHERE sol.state = 'sale' AND sol.display_type IS NULL
                   AND so.xs_campaign_id IS NOT NULL
             UNION ALL
                SELECT dp.id * 2 + 1,
                       'direct',
                       NULL,
                       NULL,
                       dp.id,
                       dp.date,
                       (dp.date::timestamp AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'UTC',
                       dp.company_id,
                       dp.campaign_id,
                       dp.action_id,
                       NULL,
                       NULL,
                       NULL,
                       dp.work_team_id,
                       dp.buyer_id,
                       dp.declaration_id,
                       dp.township_id,
                       dp.seller_id,
                       dp.product_id,
                       dp.uom_id,
                       dp.quantity,
                       dp.quantity,
                       dp.amount,
                       dp.amount,
                       dp.amount,
                       dp.amount
                  FROM xs_direct_purchase dp
                 WHERE dp.state = 'verified'
            )
            SELECT l.id,
                   l.source,
                   l.sale_line_id,
                   l.sale_order_id,
                   l.direct_purchase_id,
                   l.date,
                   l.date_order,
                   l.company_id,
                   l.campaign_id,
                   l.action_id,
                   act.action_type,
                   l.event_id,
                   l.commitment_id,
                   l.agreement_id,
                   l.work_team_id,
                   l.buyer_id,
                   buyer.xs_buyer_category AS buyer_category,
                   l.declaration_id,
                   l.declaration_id IS NOT NULL AS is_catalogue,
                   COALESCE(d.township_id, l.direct_township_id, seller.xs_township_id)
                       AS township_id,
                   seller.id AS seller_id,
                   seller.xs_seller_type AS seller_type,
                   COALESCE(d.category, 'other') AS category,
                   l.product_id,
                   l.uom_id,
                   l.qty_ordered,
                   l.qty_delivered,
                   l.amount_ordered,
                   l.amount_delivered,
                   l.amount_invoiced,
                   l.amount_paid,
                   CASE c.count_basis
                        WHEN 'delivered' THEN l.amount_delivered
                        WHEN 'invoiced' THEN l.amount_invoiced
                        WHEN 'paid' THEN l.amount_paid
                        ELSE l.amount_ordered END AS amount_counted
              FROM lines l
              JOIN xs_campaign c ON c.id = l.campaign_id
              JOIN res_partner buyer ON buyer.id = l.buyer_id
         LEFT JOIN xs_campaign_action act ON act.id = l.action_id
         LEFT JOIN xs_surplus_declaration d ON d.id = l.declaration_id
              JOIN product_product pp ON pp.id = l.product_id
         -- Other county products count for their main vendor and its township (R14).
         LEFT JOIN LATERAL (
                SELECT si.partner_id
                  FROM product_supplierinfo si
                 WHERE si.product_tmpl_id = pp.product_tmpl_id
              ORDER BY si.sequence, si.id
                 LIMIT 1
              ) vendor ON d.id IS NULL AND l.direct_seller_id IS NULL
         LEFT JOIN res_partner seller
                ON seller.id = COALESCE(d.seller_id, l.direct_seller_id, vendor.partner_id)
        """

    @api.model
    def _xs_amounts_by(self, domain, groupby):
        """Counted figures of the lines matching ``domain``, grouped by the many2one field
        ``groupby``: {id: {ordered, delivered, invoiced, paid, counted, orders}}, one
        GROUP BY query whatever the number of lines. ``orders`` counts the platform orders
        and the off-platform purchases behind the figures."""
        # sudo: a figure of a campaign record (action, commitment, event...) is the same
        # for every role that may read that record; no line leaves this method.
        groups = self.sudo()._read_group(
            domain,
            [groupby],
            [
                "amount_ordered:sum",
                "amount_delivered:sum",
                "amount_invoiced:sum",
                "amount_paid:sum",
                "amount_counted:sum",
                "sale_order_id:count_distinct",
                "direct_purchase_id:count_distinct",
            ],
        )
        result = defaultdict(lambda: dict.fromkeys((*BASES, "counted", "orders"), 0.0))
        for group, ordered, delivered, invoiced, paid, counted, orders, directs in groups:
            result[group.id] = {
                "ordered": ordered,
                "delivered": delivered,
                "invoiced": invoiced,
                "paid": paid,
                "counted": counted,
                "orders": orders + directs,
            }
        return result
