from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    xs_declaration_ids = fields.Many2many(
        "xs.surplus.declaration", compute="_compute_xs_declaration_ids", string="Catalogue Entries"
    )

    def _compute_xs_declaration_ids(self):
        for order in self:
            order.xs_declaration_ids = order.order_line.xs_declaration_id

    def action_merge(self):
        # Lines tied to a sale line move over whole before the standard merge, which would
        # otherwise sum same-product lines of different sale orders (R10 traceability).
        rfqs = self.filtered(lambda r: r.state in ("draft", "sent"))
        groups = {}
        for rfq in rfqs:
            groups.setdefault(self._prepare_grouped_data(rfq), self.browse())
            groups[self._prepare_grouped_data(rfq)] |= rfq
        for group in groups.values():
            if len(group) < 2:
                continue
            oldest = min(group, key=lambda r: r.date_order)
            (group - oldest).order_line.filtered("sale_line_id").write({"order_id": oldest.id})
        return super().action_merge()
