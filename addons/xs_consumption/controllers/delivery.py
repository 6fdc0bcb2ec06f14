import base64
from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers import portal

from ..intake import form_number


class XsDeliveryPortal(portal.CustomerPortal):
    """R28: the seller confirms what it delivered, the buyer what it received or what went
    wrong, where they work (the portal, on a phone). The controller parses the forms; the
    rules live in ``stock.picking._xs_portal_deliver`` and ``sale.order._xs_portal_*``."""

    def _xs_back(self, url, error=None, done=None):
        query = []
        if error:
            query.append(("xs_error", error))
        if done:
            query.append(("xs_done", done))
        return request.redirect(
            url + ("&" if "?" in url else "?") + urlencode(query) if query else url
        )

    @http.route(
        "/my/purchase/<int:order_id>/deliver",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_xs_purchase_deliver(self, order_id, picking_id=None, photo=None, **post):
        try:
            order_sudo = self._document_check_access("purchase.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = "/my/purchase/%s" % order_sudo.id
        error = None
        try:
            picking = request.env["stock.picking"].browse(int(picking_id or 0))
            if picking.sudo().purchase_id != order_sudo:
                raise UserError(request.env._("Deliver only the produce of this order."))
            Move = request.env["stock.move"]
            quantities = {
                int(key[4:]): form_number(Move, "quantity", value, "quantity")
                for key, value in post.items()
                if key.startswith("qty_") and key[4:].isdigit()
            }
            content = photo.read() if photo else b""
            picking._xs_portal_deliver(
                quantities,
                photo=base64.b64encode(content) if content else None,
                photo_name=photo.filename if content else None,
            )
        except (UserError, ValidationError, AccessError) as e:
            error = e.args[0]
        except ValueError:
            error = request.env._("Enter the delivered quantities as numbers.")
        return self._xs_back(url, error=error, done=None if error else "delivered")

    def _xs_buyer_order(self, order_id):
        try:
            return self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            return None

    @http.route(
        "/my/orders/<int:order_id>/received",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_xs_order_received(self, order_id, **post):
        order_sudo = self._xs_buyer_order(order_id)
        if not order_sudo:
            return request.redirect("/my")
        error = None
        try:
            request.env["sale.order"].browse(order_sudo.id)._xs_portal_confirm_receipt()
        except (UserError, AccessError) as e:
            error = e.args[0]
        return self._xs_back(order_sudo.get_portal_url(), error, None if error else "received")

    @http.route(
        "/my/orders/<int:order_id>/problem",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_xs_order_problem(self, order_id, kind=None, description=None, **post):
        order_sudo = self._xs_buyer_order(order_id)
        if not order_sudo:
            return request.redirect("/my")
        error = None
        try:
            photos = [
                (base64.b64encode(content), upload.filename)
                for upload in request.httprequest.files.getlist("photos")
                if (content := upload.read())
            ]
            request.env["sale.order"].browse(order_sudo.id)._xs_portal_report_problem(
                kind, description, photos
            )
        except (UserError, ValidationError, AccessError) as e:
            error = e.args[0]
        return self._xs_back(order_sudo.get_portal_url(), error, None if error else "reported")
