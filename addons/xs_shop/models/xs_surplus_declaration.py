from odoo import api, fields, models


class XsSurplusDeclaration(models.Model):
    _inherit = "xs.surplus.declaration"

    xs_image = fields.Image(
        string="Photo",
        max_width=1024,
        max_height=1024,
        help="The seller's photo of this produce, shown in the shop (R27); without one the "
        "shop shows the product's.",
    )

    @api.model
    def _xs_shop_search(self, website, domain=(), count=False, **kwargs):
        """R27: the catalogue entries the shop of ``website`` sells matching ``domain``:
        those published to its residents and staff (the one published domain,
        ``_xs_published_domain``, for the website's visitor partner), of its company.
        sudo: visitors and shop customers read entries only through the shop's pages,
        which show these fields of these entries."""
        model_sudo = self.sudo().with_company(website.company_id)
        return model_sudo._xs_catalogue_search(
            website._xs_shop_partner(),
            [("company_id", "=", website.company_id.id), *domain],
            count=count,
            **kwargs,
        )

    def _xs_shop_image_record(self):
        """The record and field holding the photo the shop shows: the seller's, else the
        produce's."""
        self.ensure_one()
        if self.xs_image:
            return self, "xs_image"
        return self.product_id.product_tmpl_id, "image_1920"
