from odoo import fields, models
from odoo.tools import create_index


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    # A vendor price created by listing one catalogue entry (R8, R10): it lives and dies with
    # that entry, like purchase_requisition's agreement prices, so one declaration's price
    # never leaks into another's purchases.
    xs_declaration_id = fields.Many2one(
        "xs.surplus.declaration",
        string="Catalogue Entry",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        copy=False,
    )

    def init(self):
        # The main vendor of a product (first by sequence), looked up per counted line of
        # another county product (xs.counted.line): every listed entry adds a price to its
        # product, so a product has hundreds of them at county scale.
        create_index(
            self.env.cr,
            "product_supplierinfo_xs_main_vendor_index",
            self._table,
            ["product_tmpl_id", "sequence", "id"],
        )
