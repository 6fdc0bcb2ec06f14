import base64

from odoo import models, tools


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    @tools.ormcache()
    def _xs_placeholder_base64(self):
        """The image ``/web/image`` serves for a record without one, base64-encoded."""
        return base64.b64encode(self.env["ir.binary"]._placeholder())

    def _get_converted_image_data_uri(self, base64_source):
        # R10, R11: core portal pages print images through image_data_uri() without
        # checking one is set (purchase.purchase_order_portal_content prints each line's
        # product.image_128); the county's produce has no picture, and the whole page
        # failed (HTTP 500). Show the placeholder /web/image shows instead.
        if not base64_source:
            base64_source = self._xs_placeholder_base64()
        return super()._get_converted_image_data_uri(base64_source)
