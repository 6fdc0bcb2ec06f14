from odoo import fields, models
from odoo.tools import SQL

# The columns this addon adds to finance's reconciliation (R22, R27).
SUBSIDY_FIELDS = ("is_subsidy", "funder_id", "amount_subsidy", "amount_buyer_paid")


class XsReconciliationLine(models.Model):
    """R22, R27: a shop order a promotion discounted has, beside its entries' rows (sold and
    bought at the declared price), one subsidy row per funder: the discount its promotions
    gave, which that funder pays instead of the buyer. Per order, what the buyer paid plus
    the subsidies is what was sold at the declared prices, which is what the sellers are
    paid."""

    _inherit = "xs.reconciliation.line"
    _depends = {
        "sale.order.line": ["reward_id", "xs_promotion_discount"],
        "loyalty.reward": ["program_id"],
        "loyalty.program": ["xs_funder_id"],
        "res.company": ["partner_id"],
    }

    is_subsidy = fields.Boolean(string="Promotion Subsidy Row", readonly=True)
    funder_id = fields.Many2one(
        "res.partner",
        string="Subsidy Funded By",
        readonly=True,
        help="Who pays this promotion's discount instead of the buyer.",
    )
    amount_subsidy = fields.Monetary(
        string="Promotion Subsidy",
        readonly=True,
        help="On a subsidy row: the discount the funder's promotions gave on the order "
        "(excl. tax), paid by the funder instead of the buyer.",
    )
    amount_buyer_paid = fields.Monetary(
        string="Paid by Buyer",
        readonly=True,
        help="What the buyer pays for the line (excl. tax): its amount at the declared price "
        "less its share of the order's promotion discounts.",
    )

    def _xs_base_columns(self):
        """The view's columns, in their order, as the base query (without this addon's)
        gives them."""
        return [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name not in SUBSIDY_FIELDS
        ]

    @property
    def _table_query(self):
        base = super()._table_query
        base = base if isinstance(base, SQL) else SQL(base)
        columns = self._xs_base_columns()
        # A subsidy row: the order's own figures; the amounts of the documents (purchase,
        # bills, invoice) stay the entries' rows', so it adds no sale, purchase or payment.
        subsidy = {
            "id": "s.id",
            "sale_line_id": "s.id",
            "sale_order_id": "so.id",
            "campaign_id": "so.xs_campaign_id",
            "action_id": "so.xs_action_id",
            "buyer_id": "so.partner_id",
            "company_id": "so.company_id",
            "date_order": "so.date_order",
        }
        for name in columns:
            if name not in subsidy:
                field_type = self._fields[name].type
                subsidy[name] = {"boolean": "FALSE", "float": "0", "monetary": "0"}.get(
                    field_type, "NULL"
                )
        return SQL(
            f"""
            SELECT {", ".join(f"r.{name}" for name in columns)},
                   FALSE AS is_subsidy,
                   NULL::integer AS funder_id,
                   0 AS amount_subsidy,
                   r.amount_sold - COALESCE(sol.xs_promotion_discount, 0) AS amount_buyer_paid
              FROM (%s) r
         LEFT JOIN sale_order_line sol ON sol.id = r.sale_line_id
         UNION ALL
            SELECT {", ".join(subsidy[name] for name in columns)},
                   TRUE, s.funder_id, s.amount_subsidy, 0
              FROM (
                    -- One row per order and funder: its promotions' discount lines.
                    SELECT MIN(rl.id) AS id, rl.order_id,
                           COALESCE(prog.xs_funder_id, company.partner_id) AS funder_id,
                           -SUM(rl.price_subtotal) AS amount_subsidy
                      FROM sale_order_line rl
                      JOIN loyalty_reward reward ON reward.id = rl.reward_id
                      JOIN loyalty_program prog ON prog.id = reward.program_id
                      JOIN res_company company ON company.id = rl.company_id
                     WHERE EXISTS (SELECT 1 FROM sale_order_line el
                                    WHERE el.order_id = rl.order_id
                                      AND el.xs_declaration_id IS NOT NULL)
                  GROUP BY rl.order_id, COALESCE(prog.xs_funder_id, company.partner_id)
                   ) s
              JOIN sale_order so ON so.id = s.order_id
             WHERE so.state = 'sale'
            """,
            base,
        )
