from odoo import fields, models

from .xs_surplus_declaration import CATEGORIES


class ProductCategory(models.Model):
    _inherit = "product.category"

    xs_declaration_category = fields.Selection(
        CATEGORIES,
        string="Declaration Category",
        help="Produce categories (R4): a declaration of one of their products is counted in "
        "this category. Township staff may add products to these categories only.",
    )
