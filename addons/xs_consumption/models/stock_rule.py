from odoo import api, models


class StockRule(models.Model):
    _inherit = "stock.rule"

    @api.model
    def _update_purchase_order_line(
        self, product_id, product_qty, product_uom, company_id, values, line
    ):
        res = super()._update_purchase_order_line(
            product_id, product_qty, product_uom, company_id, values, line
        )
        declaration_sudo = line.sudo().xs_declaration_id
        if declaration_sudo:
            # More of the same sale line: still the price of its own declaration (R10).
            res["price_unit"] = line._xs_declared_price(declaration_sudo, line.product_uom)
        return res
