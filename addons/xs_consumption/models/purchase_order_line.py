from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # Every purchase line traces to its own sale line and so to its declaration (R10, R22).
    xs_declaration_id = fields.Many2one(
        related="sale_line_id.xs_declaration_id",
        store=True,
        index="btree_not_null",
        string="Catalogue Entry",
    )
    xs_action_id = fields.Many2one(
        related="sale_line_id.xs_action_id", store=True, string="Campaign Action"
    )

    def _merge_po_line(self, rfq_line):
        # Merging RFQs must not fold lines of different sale lines together: move the
        # line over instead, keeping its own sale line and declaration.
        if (
            self.sale_line_id or rfq_line.sale_line_id
        ) and self.sale_line_id != rfq_line.sale_line_id:
            rfq_line.order_id = self.order_id
            return
        return super()._merge_po_line(rfq_line)
