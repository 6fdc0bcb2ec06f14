from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        sale_line = self.sale_line_id
        if sale_line.xs_declaration_id:
            # Buy + MTO: the purchase line created for this delivery keeps its sale line
            # (so it is never merged with another order's) and buys from the declaring seller.
            values["sale_line_id"] = sale_line.id
            values["supplierinfo_id"] = sale_line.xs_declaration_id._xs_supplierinfo()
            values["supplierinfo_name"] = sale_line.xs_declaration_id.seller_id
        return values
