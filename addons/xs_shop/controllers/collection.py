from urllib.parse import urlencode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

SHOWN = {
    "to_hand_out": [("xs_handed_out_date", "=", False)],
    "handed_out": [("xs_handed_out_date", "!=", False)],
    "all": [],
}


class XsCollectionPortal(CustomerPortal):
    """R27: a work unit's portal logins hand out the shop orders their staff collect there
    (sale.order.action_xs_hand_out holds the rules; the record rules what they read)."""

    def _xs_work_unit(self):
        unit = request.env.user.partner_id.commercial_partner_id
        # sudo: whether the user's own organisation takes part in the shop.
        return unit if request.env.user.share and unit.sudo().xs_shop_work_unit else None

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "xs_collection_count" in counters:
            unit = self._xs_work_unit()
            Order = request.env["sale.order"]
            values["xs_collection_count"] = (
                Order.search_count(Order._xs_collection_domain(unit) + SHOWN["to_hand_out"])
                if unit
                else 0
            )
        return values

    @http.route("/my/collection", type="http", auth="user", website=True)
    def portal_xs_collection(self, day=None, show="to_hand_out", xs_error=None, xs_done=None):
        unit = self._xs_work_unit()
        if not unit:
            return request.redirect("/my")
        show = show if show in SHOWN else "to_hand_out"
        Order = request.env["sale.order"]
        # As the user: the record rules let a work unit read its own staff's orders only.
        orders = Order.search(
            Order._xs_collection_domain(unit) + SHOWN[show], order="xs_collection_date, id"
        )
        days = sorted({d for d in orders.mapped("xs_collection_date") if d})
        try:
            day = fields.Date.to_date(day) if day else None
        except ValueError:
            day = None
        if day:
            orders = orders.filtered(lambda o: o.xs_collection_date == day)
        groups = {}
        # sudo: the orders read above; who ordered and from which seller is shown to them.
        for order_sudo in orders.sudo():
            groups.setdefault(order_sudo.xs_collection_date, []).append(order_sudo)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "xs_collection",
                "groups": list(groups.items()),
                "days": days,
                "day": day,
                "show": show,
                "xs_error": xs_error,
                "xs_done": xs_done,
            }
        )
        return request.render("xs_shop.portal_my_collection", values)

    @http.route(
        "/my/collection/<int:order_id>/hand_out",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_xs_hand_out(self, order_id, day=None, **post):
        query = {"day": day} if day else {}
        order = request.env["sale.order"].browse(order_id)
        try:
            order.action_xs_hand_out()
            query["xs_done"] = order.sudo().name
        except (UserError, AccessError, MissingError) as error:
            query["xs_error"] = error.args[0]
        return request.redirect("/my/collection?" + urlencode(query))
