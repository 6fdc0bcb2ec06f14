import base64

from odoo import _, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

# A photo of the delivery note: enough for a phone picture.
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class StockPicking(models.Model):
    """R28: the cooperative that delivered says so in the portal: it validates Odoo's own
    dropship transfer of its purchase order (the figures on the 'delivered' basis follow at
    once), with the quantities it delivered and, if it has one, a photo of the signed
    delivery note. The period lock applies as to any delivery (the day is today's)."""

    _inherit = "stock.picking"

    def _xs_check_seller(self):
        """The logged-in portal user works for the seller of these transfers' purchase
        orders (a sale's dropship transfer: the declaring cooperative)."""
        seller = self.env.user.partner_id.commercial_partner_id
        for picking_sudo in self.sudo():
            if (
                not picking_sudo.purchase_id
                or picking_sudo.purchase_id.partner_id.commercial_partner_id != seller
                or not picking_sudo.sale_id.xs_campaign_id
            ):
                raise AccessError(_("Only the seller who ships it confirms this delivery."))

    def _xs_portal_deliver(self, quantities, photo=None, photo_name=None):
        """Validate this transfer with ``quantities`` ({move id: delivered quantity, in the
        move's unit}); what is left is kept as a backorder to deliver later."""
        self.ensure_one()
        self._xs_check_seller()
        picking_sudo = self.sudo()
        if picking_sudo.state in ("done", "cancel"):
            raise UserError(
                _("%(name)s is already delivered or cancelled.", name=picking_sudo.name)
            )
        moves = picking_sudo.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
        unknown = set(quantities) - set(moves.ids)
        if unknown:
            raise UserError(_("Deliver only the produce of this transfer."))
        delivered = False
        for move in moves:
            quantity = quantities.get(move.id, 0.0)
            rounding = move.product_uom.rounding
            if float_compare(quantity, 0.0, precision_rounding=rounding) < 0 or (
                float_compare(quantity, move.product_uom_qty, precision_rounding=rounding) > 0
            ):
                raise UserError(
                    _(
                        "%(product)s: deliver between 0 and %(quantity)s %(unit)s.",
                        product=move.product_id.name,
                        quantity=move.product_uom_qty,
                        unit=move.product_uom.name,
                    )
                )
            delivered |= not float_is_zero(quantity, precision_rounding=rounding)
        if not delivered:
            raise UserError(_("Enter the quantity you delivered."))
        if photo and len(base64.b64decode(photo)) > MAX_PHOTO_BYTES:
            raise UserError(_("The photo is larger than 10 MB."))
        for move in moves:
            move.quantity = quantities.get(move.id, 0.0)
            move.picked = True
        # What is not delivered stays to deliver (backorder), as core's wizard would offer.
        result = picking_sudo.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=[], skip_sms=True
        ).button_validate()
        if result is not True and isinstance(result, dict):
            raise UserError(_("%(name)s could not be validated.", name=picking_sudo.name))
        attachment_ids = []
        if photo:
            attachment_ids = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": photo_name or _("Delivery note.jpg"),
                        "datas": photo,
                        "res_model": picking_sudo._name,
                        "res_id": picking_sudo.id,
                    }
                )
                .ids
            )
        picking_sudo.message_post(
            body=_("Delivered, as confirmed by the seller in the portal."),
            author_id=self.env.user.partner_id.id,
            attachment_ids=attachment_ids,
            subtype_xmlid="mail.mt_note",
        )
        return picking_sudo.sudo(False)
