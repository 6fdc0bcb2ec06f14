from odoo import fields, models


class XsSalesAnalysis(models.Model):
    """R13 progress dashboards: one row per counted line (confirmed campaign sale line or
    verified off-platform purchase, ``xs.counted.line``), with the action,
    buyer category, township, produce category and seller it counts for, and its amounts
    ordered, delivered, invoiced, paid and counted on the campaign's basis. A SQL view, so
    pivot and graph aggregate in PostgreSQL straight from the documents (R22).

    The counted line's fields, query and dependencies, read here under the dashboards'
    record rules: the same rows and amounts as every other figure (one owner). Only the
    labels the dashboards show differ."""

    _name = "xs.sales.analysis"
    _inherit = "xs.counted.line"
    _description = "Consumption Assistance Sales Analysis"
    _auto = False
    _order = "date_order desc, id desc"
    _rec_name = "sale_order_id"

    is_catalogue = fields.Boolean(
        help="Sold from the catalogue of declared unsold produce; other campaign sales are "
        "county products in general.",
    )
    amount_delivered = fields.Monetary(string="Delivered")
    amount_invoiced = fields.Monetary(string="Invoiced")
    amount_paid = fields.Monetary(string="Paid")
    amount_counted = fields.Monetary(
        string="Counted",
        help="The amount on the campaign's counting basis (ordered, delivered, invoiced or "
        "paid), as in action progress and commitments.",
    )
