from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def message_post_with_source(self, source_ref, render_values=None, **kwargs):
        # The note purchase_stock posts on the transfer it creates for a purchase order ("this
        # transfer has been created from ...") is a creation log: none is posted where those
        # are not (``mail_create_nolog``: a buyer's portal order, whose whole work runs under
        # its entries' lock). The transfer's source document and purchase order say
        # the same; the note would render a template in the buyer's request.
        if source_ref == "mail.message_origin_link" and self.env.context.get("mail_create_nolog"):
            return self.env["mail.message"]
        return super().message_post_with_source(source_ref, render_values=render_values, **kwargs)
