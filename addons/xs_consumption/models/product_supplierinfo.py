from odoo import fields, models


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
