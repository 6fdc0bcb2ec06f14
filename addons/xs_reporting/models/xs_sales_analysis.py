from odoo import fields, models

from odoo.addons.xs_consumption.models.res_partner import BUYER_CATEGORIES, SELLER_TYPES
from odoo.addons.xs_consumption.models.xs_campaign_action import ACTION_TYPES
from odoo.addons.xs_consumption.models.xs_counted_line import SOURCES, XsCountedLine
from odoo.addons.xs_consumption.models.xs_surplus_declaration import CATEGORIES


class XsSalesAnalysis(models.Model):
    """R13 progress dashboards: one row per counted line (confirmed campaign sale line or
    verified off-platform purchase, ``xs.counted.line``), with the action,
    buyer category, township, produce category and seller it counts for, and its amounts
    ordered, delivered, invoiced, paid and counted on the campaign's basis. A SQL view, so
    pivot and graph aggregate in PostgreSQL straight from the documents (R22)."""

    _name = "xs.sales.analysis"
    _description = "Consumption Assistance Sales Analysis"
    _auto = False
    _order = "date_order desc, id desc"
    _rec_name = "sale_order_id"
    # Pending changes of these fields are flushed before the view is queried.
    # Built on the counted-line query: flush what that view reads before querying.
    _depends = XsCountedLine._depends

    source = fields.Selection(SOURCES, readonly=True)
    direct_purchase_id = fields.Many2one(
        "xs.direct.purchase", string="Off-Platform Purchase", readonly=True
    )
    date = fields.Date(readonly=True)
    commitment_id = fields.Many2one("xs.buyer.commitment", readonly=True)
    agreement_id = fields.Many2one("xs.supply.agreement", readonly=True)
    work_team_id = fields.Many2one("xs.work.team", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
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
    amount_ordered = fields.Monetary(readonly=True)
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
        # The same rows and amounts as every other figure (one owner), read here under
        # the dashboards' record rules.
        return self.env["xs.counted.line"]._table_query
