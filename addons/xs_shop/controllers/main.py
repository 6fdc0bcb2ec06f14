from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.website_sale.controllers.main import WebsiteSale
from odoo.addons.website_sale.controllers.payment import PaymentPortal

from ..models.res_partner import xs_qr_src
from ..models.sale_order import BUY_WITH

PAGE_SIZE = 20


class XsShop(http.Controller):
    """R27: the county's shop sells the catalogue entries published to residents and staff;
    cart, checkout, payment and My Orders are Odoo eCommerce's own."""

    def _xs_entries(self):
        return request.env["xs.surplus.declaration"]

    def _xs_entry_or_404(self, entry_id):
        entry = self._xs_entries()._xs_shop_search(request.website, [("id", "=", entry_id)])
        if not entry:
            raise NotFound()
        return entry

    @http.route(
        ["/shop/produce", "/shop/produce/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        readonly=True,
    )
    def xs_produce(self, page=1, search="", category="", township="", **kw):
        Entries = self._xs_entries()
        domain = []
        search = (search or "").strip()
        if search:
            domain += [
                "|",
                "|",
                ("product_id.name", "ilike", search),
                ("seller_id.name", "ilike", search),
                ("township_id.name", "ilike", search),
            ]
        categories = dict(Entries._fields["category"]._description_selection(request.env))
        if category in categories:
            domain.append(("category", "=", category))
        else:
            category = ""
        try:
            township_id = int(township or 0)
        except ValueError:
            township_id = 0
        if township_id:
            domain.append(("township_id", "=", township_id))
        count = Entries._xs_shop_search(request.website, domain, count=True)
        pager = request.website.pager(
            url="/shop/produce",
            total=count,
            page=page,
            step=PAGE_SIZE,
            url_args={"search": search, "category": category, "township": township_id or ""},
        )
        entries = Entries._xs_shop_search(
            request.website, domain, limit=PAGE_SIZE, offset=pager["offset"]
        )
        # The townships that have something in the shop, for the filter.
        townships = Entries._xs_shop_search(request.website).township_id.sorted("name")
        return request.render(
            "xs_shop.produce_list",
            {
                "entries": entries.sudo(),
                "pager": pager,
                "search": search,
                "category": category,
                "categories": categories,
                "township_id": township_id,
                "townships": townships,
            },
        )

    @http.route(
        "/shop/produce/<int:entry_id>", type="http", auth="public", website=True, readonly=True
    )
    def xs_produce_entry(self, entry_id, **kw):
        entry = self._xs_entry_or_404(entry_id)
        url = f"{request.website.get_base_url()}/shop/produce/{entry.id}"
        return request.render(
            "xs_shop.produce_entry", {"entry": entry.sudo(), "qr_src": xs_qr_src(url, 160)}
        )

    @http.route("/shop/with/<int:work_unit_id>", type="http", auth="public", website=True)
    def xs_shop_with(self, work_unit_id, **kw):
        """R27: a work unit's or union's invitation link: its staff and members buy with it
        (their orders count under its channel) unless they choose otherwise in the cart."""
        # sudo: whether the work unit takes part; nothing else is read.
        work_unit_sudo = (
            request.env["res.partner"]
            .sudo()
            .search([("id", "=", work_unit_id), ("xs_shop_work_unit", "=", True)])
        )
        if work_unit_sudo:
            request.session["xs_shop_work_unit_id"] = work_unit_sudo.id
            order = request.website.sale_get_order()
            if order and order.state == "draft":
                order._xs_shop_buy_with("work_unit", work_unit_sudo.id)
        return request.redirect("/shop/produce")

    @http.route(
        "/shop/produce/<int:entry_id>/image",
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def xs_produce_image(self, entry_id, **kw):
        record_sudo, field = self._xs_entry_or_404(entry_id).sudo()._xs_shop_image_record()
        return (
            request.env["ir.binary"]
            ._get_image_stream_from(record_sudo, field, width=512, height=512)
            .get_response()
        )

    @http.route(
        "/shop/produce/<int:entry_id>/add",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def xs_produce_add(self, entry_id, add_qty=1, **kw):
        order = request.website.sale_get_order(force_create=True)
        if order.state != "draft":
            request.website.sale_reset()
            order = request.website.sale_get_order(force_create=True)
        work_unit_id = request.session.get("xs_shop_work_unit_id")
        if work_unit_id and not order.xs_shop_buy_with:
            # Arrived through a work unit's invitation link (xs_shop_with).
            order._xs_shop_buy_with("work_unit", work_unit_id)
        try:
            entry = order._xs_shop_entry(entry_id)
            values = order._cart_update(
                product_id=entry.product_id.id, add_qty=add_qty, xs_declaration_id=entry.id
            )
        except UserError as error:
            # Sold out or unpublished meanwhile, another campaign's produce: said in the cart.
            values = {"warning": error.args[0]}
        request.session["website_sale_cart_quantity"] = order.cart_quantity
        if values.get("warning"):
            order.shop_warning = values["warning"]
        return request.redirect("/shop/cart")

    @http.route("/shop/buy_with", type="http", auth="public", website=True, methods=["POST"])
    def xs_buy_with(self, buy_with="", work_unit_id=None, **kw):
        order = request.website.sale_get_order()
        if order:
            order._xs_shop_buy_with(buy_with, work_unit_id)
        return request.redirect("/shop/cart")


class XsWebsiteSale(WebsiteSale):
    @http.route()
    def shop(
        self, page=0, category=None, search="", min_price=0.0, max_price=0.0, ppg=False, **post
    ):
        # R27: what the shop sells is the catalogue published to residents and staff.
        return request.redirect("/shop/produce" + (f"?search={search}" if search else ""))

    @http.route()
    def cart(self, access_token=None, revive="", **post):
        response = super().cart(access_token=access_token, revive=revive, **post)
        if getattr(response, "qcontext", None) is not None:
            order = request.website.sale_get_order()
            response.qcontext.update(
                {
                    "xs_buy_with": BUY_WITH,
                    # sudo: the work units and unions taking part are listed to every person.
                    "xs_work_units": request.env["res.partner"]
                    .sudo()
                    .search([("xs_shop_work_unit", "=", True)], order="name"),
                    "xs_sold_out": order._xs_shop_sold_out() if order else [],
                }
            )
        return response


class XsPaymentPortal(PaymentPortal):
    @http.route()
    def shop_payment_transaction(self, order_id, access_token, **kwargs):
        # R27: the entries' quantity is held (the order confirmed under their lock) before
        # any payment is made; what sold out meanwhile is refused here, charged nothing.
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token)
        except (AccessError, MissingError):
            order_sudo = None
        if order_sudo:
            order_sudo._xs_shop_hold()
        return super().shop_payment_transaction(order_id, access_token, **kwargs)
