from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _prepare_sellers(self, params=False):
        # A catalogue entry's purchase line buys at the entry's own vendor price, which its
        # procurement already names (``purchase.order.line``, ``xs_supplierinfo_id`` in the
        # product's context): core would look for it again among every vendor price of the
        # product (one per seller and entry: ~20 for a province's product) for each line,
        # while the buyer holds the entry's lock. The usual filters (company, dates, minimum
        # quantity, vendor) still apply to it; every other purchase keeps core's lookup.
        info_id = self.env.context.get("xs_supplierinfo_id")
        if info_id:
            info = self.env["product.supplierinfo"].browse(info_id)
            if info.product_tmpl_id == self.product_tmpl_id:
                return info._get_filtered_supplier(self.env.company, self, params)
        return super()._prepare_sellers(params)
