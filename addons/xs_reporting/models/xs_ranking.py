from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.xs_consumption.models.xs_counted_line import XsCountedLine


class XsRanking(models.Model):
    """R16 rankings of buyers, townships and sellers per campaign by the amount counted on
    the campaign's basis, ranked in SQL (RANK() over the sales analysis view)."""

    _name = "xs.ranking"
    _description = "Consumption Assistance Ranking"
    _auto = False
    _order = "campaign_id desc, dimension, rank, name"
    # Built on the analysis query: flush what that view reads before querying.
    _depends = XsCountedLine._depends

    campaign_id = fields.Many2one("xs.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    dimension = fields.Selection(
        [
            ("buyer", "Buyer Ranking"),
            ("township", "Township Ranking"),
            ("seller", "Seller Ranking"),
        ],
        string="Ranking",
        readonly=True,
    )
    rank = fields.Integer(readonly=True, aggregator=None)
    name = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Buyer or Seller", readonly=True)
    township_id = fields.Many2one("xs.township", readonly=True)
    amount_counted = fields.Monetary(string="Counted", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True, aggregator=None)

    @property
    def _table_query(self):
        analysis = self.env["xs.sales.analysis"]._table_query
        # Each dimension's totals: what it counted, and the platform orders and off-platform
        # purchases behind it. Ids must be unique and stable: the dimension in the last
        # digit, its key above it.
        totals = SQL(" UNION ALL ").join(
            SQL(
                """
                SELECT campaign_id, company_id, %(dimension)s AS dimension,
                       %(partner)s AS partner_id, %(township)s AS township_id,
                       %(column)s * 10 + %(digit)s AS key,
                       SUM(amount_counted) AS amount_counted,
                       COUNT(DISTINCT sale_order_id)
                           + COUNT(DISTINCT direct_purchase_id) AS order_count
                  FROM a WHERE %(column)s IS NOT NULL
              GROUP BY campaign_id, company_id, %(column)s
                """,
                dimension=dimension,
                partner=SQL(partner),
                township=SQL(township),
                column=SQL.identifier(column),
                digit=digit,
            )
            for digit, (dimension, column, partner, township) in enumerate(
                (
                    ("buyer", "buyer_id", "buyer_id", "NULL::integer"),
                    ("township", "township_id", "NULL::integer", "township_id"),
                    ("seller", "seller_id", "seller_id", "NULL::integer"),
                ),
                start=1,
            )
        )
        return SQL(
            """
            WITH a AS (%s),
            totals AS (%s)
            SELECT t.campaign_id::bigint * 100000000 + t.key AS id,
                   t.campaign_id, t.company_id, t.dimension, t.partner_id, t.township_id,
                   COALESCE(p.name, tw.name) AS name,
                   t.amount_counted, t.order_count,
                   RANK() OVER (PARTITION BY t.campaign_id, t.dimension
                                ORDER BY t.amount_counted DESC) AS rank
              FROM totals t
         LEFT JOIN res_partner p ON p.id = t.partner_id
         LEFT JOIN xs_township tw ON tw.id = t.township_id
            """,
            analysis,
            totals,
        )
