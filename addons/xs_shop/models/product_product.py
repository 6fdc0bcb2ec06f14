from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _is_add_to_cart_allowed(self):
        # R27: the farmers' produce is not published as a shop product; it is sold through
        # its catalogue entries (sale.order._cart_update checks the entry and passes its
        # product here).
        if self.env.context.get("xs_shop_product_id") == self.id:
            return True
        return super()._is_add_to_cart_allowed()
