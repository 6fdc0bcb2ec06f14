import ast

from markupsafe import Markup

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_round, format_date, get_lang

from odoo.addons.base.models.res_lang import intersperse
from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..intake import TEMPLATE_UNITS, UNIT_SPELLINGS, form_number


class XsCustomerPortal(portal.CustomerPortal):
    """Buyers browse the catalogue published to them, order, commit and follow their
    commitments (R9, R11) in the portal. The controller only parses the form: the rules
    live in ``sale.order._xs_portal_create_order`` and
    ``xs.buyer.commitment._xs_portal_create_commitment``."""

    # The catalogue's pager counts this many entries at most: a dozen pages of 80, more than
    # a buyer pages through before searching. Every catalogue page (and every refused order,
    # which shows it again) pays for the count: 17 ms up to 10,000 (Odoo's web client's
    # limit) on a province's 60,000 entries, 4 ms up to 1,000.
    _xs_catalogue_count_limit = 1000

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "xs_commitment_count" in counters:
            values["xs_commitment_count"] = self._xs_portal_count(
                request.env["xs.buyer.commitment"], self._xs_commitments_domain()
            )
        if "xs_declaration_count" in counters:
            values["xs_declaration_count"] = self._xs_portal_count(
                request.env["xs.surplus.declaration"], self._xs_declarations_domain()
            )
        if "xs_catalogue_count" in counters:
            Declaration = request.env["xs.surplus.declaration"]
            values["xs_catalogue_count"] = (
                Declaration._xs_catalogue_search(request.env.user.partner_id, count=True)
                if Declaration.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Catalogue and ordering (R11)
    # ------------------------------------------------------------------

    def _xs_catalogue_values(self, category=None, search=None, error=None, quantities=None, page=1):
        # The entries published to the buyer's organisation, that domain applied once
        # (xs.surplus.declaration._xs_catalogue_search).
        Declaration = request.env["xs.surplus.declaration"]
        partner = request.env.user.partner_id
        domain = []
        if category:
            domain.append(("category", "=", category))
        if search:
            # sudo: buyers may not search products, sellers and townships themselves; only
            # ids of names matching leave, and the entries are still searched in the
            # buyer's published domain. Ids, not subqueries: an OR of three IN-subqueries
            # is a filter over every listed entry (45-51 ms at 60,000), an OR of three id
            # lists a bitmap of the entries' product, seller and township indexes.
            env_su = request.env(su=True)

            def matching(model):
                return env_su[model].search([("name", "ilike", search)], order="id").ids

            domain += [
                "|",
                "|",
                ("product_id", "in", matching("product.product")),
                ("seller_id", "in", matching("res.partner")),
                ("township_id", "in", matching("xs.township")),
            ]
        # Counted up to a limit, as Odoo's web client counts a list (count_limit): the
        # pager offers the pages it counted (and always two past the one asked, so the
        # buyer can page on); a bigger catalogue is searched or narrowed to a category.
        page = int(page) if str(page).isdigit() and int(page) > 0 else 1
        count_limit = max(self._xs_catalogue_count_limit, (page + 2) * self._items_per_page)
        count = Declaration._xs_catalogue_search(partner, domain, count=True, limit=count_limit + 1)
        pager = portal_pager(
            url="/my/catalogue",
            url_args={"category": category or "", "search": search or ""},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        entries = Declaration._xs_catalogue_search(
            partner,
            domain,
            order="is_recommended desc, category, id",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        commitments = request.env["xs.buyer.commitment"].search(
            [("state", "=", "confirmed"), ("campaign_id", "in", entries.campaign_id.ids)]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: to show seller, township and product names the buyer has no
                # access to; the entries themselves were searched in its published domain.
                "entries": entries.sudo(),
                "labels": self._xs_catalogue_labels(entries.sudo()),
                "commitments": commitments,
                "categories": Declaration._fields["category"]._description_selection(request.env),
                "category": category,
                "search": search or "",
                "error": error,
                "quantities": quantities or {},
                "page_name": "xs_catalogue",
                "pager": pager,
                # More entries match than were counted: the pager stops there.
                "count_more": count > count_limit and count_limit,
            }
        )
        return values

    def _xs_catalogue_labels(self, entries):
        """{entry id: {price, remaining, max, from, to}}: the page's figures as QWeb's
        monetary, float and date widgets print them, with the language looked up once.
        Each widget call looks it up again (ormcache lookups through their decorators,
        babel's locale for a date): seven a row were 2/3 of a page of 80 entries' time."""
        lang = get_lang(request.env)
        grouping = ast.literal_eval(lang.grouping)

        def number(value, digits):
            # res.lang.format(grouping=True), and the float widget's minus sign.
            whole, _point, decimals = (f"%.{digits}f" % value).partition(".")
            whole = intersperse(whole, grouping, lang.thousands_sep or "")[0]
            text = lang.decimal_point.join([whole, decimals]) if decimals else whole
            return text.replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")

        dates = {}

        def date(value):
            if value not in dates:
                dates[value] = format_date(request.env, value)
            return dates[value]

        labels = {}
        for entry in entries:
            currency = entry.currency_id
            amount = number(currency.round(entry.price_unit), currency.decimal_places)
            amount = Markup('<span class="oe_currency_value">%s</span>') % amount.replace(
                " ", "\N{NO-BREAK SPACE}"
            )
            symbol = currency.symbol or ""
            if currency.position == "before":
                price = Markup("%s\N{NO-BREAK SPACE}%s") % (symbol, amount)
            else:
                price = Markup("%s\N{NO-BREAK SPACE}%s") % (amount, symbol)
            labels[entry.id] = {
                "price": price,
                "remaining": number(float_round(entry.qty_remaining, precision_digits=2), 2),
                "max": number(float_round(entry.max_qty_per_buyer, precision_digits=2), 2),
                "from": date(entry.date_available_from),
                "to": date(entry.date_available_to),
            }
        return labels

    @http.route(
        ["/my/catalogue", "/my/catalogue/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_xs_catalogue(self, page=1, category=None, search=None, **kw):
        return request.render(
            "xs_consumption.portal_xs_catalogue",
            self._xs_catalogue_values(category=category, search=search, page=page),
        )

    @http.route("/my/catalogue/order", type="http", auth="user", methods=["POST"], website=True)
    def portal_xs_catalogue_order(self, commitment_id=None, note=None, **post):
        # As typed: the model checks every quantity (number, finite, positive, unit steps).
        raw = {key[4:]: value for key, value in post.items() if key.startswith("qty_")}
        try:
            order = request.env["sale.order"]._xs_portal_create_order(
                raw,
                commitment_id=int(commitment_id) if commitment_id else None,
                note=(note or "").strip(),
            )
        except ValueError:
            error = _("Choose one of your commitments.")
        except (UserError, ValidationError) as e:
            error = e.args[0]
        else:
            return request.redirect(order.get_portal_url(query_string="&message=xs_ordered"))
        return request.render(
            "xs_consumption.portal_xs_catalogue",
            self._xs_catalogue_values(error=error, quantities=raw),
        )

    @http.route("/my/commitments/new", type="http", auth="user", website=True)
    def portal_xs_commitment_new(self, **post):
        Commitment = request.env["xs.buyer.commitment"]
        error = None
        if request.httprequest.method == "POST":
            try:
                commitment = Commitment._xs_portal_create_commitment(
                    int(post.get("campaign_id") or 0),
                    form_number(Commitment, "amount_committed", post.get("amount"), "amount"),
                    fields.Date.to_date(post.get("date_end") or None),
                    post.get("purchase_mode"),
                    note=(post.get("note") or "").strip(),
                )
            except ValueError:
                error = _("Enter the amount as a number and the date as YYYY-MM-DD.")
            except (UserError, ValidationError) as e:
                error = e.args[0]
            else:
                return request.redirect(commitment.get_portal_url())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "campaigns": Commitment._xs_portal_campaigns(),
                "purchase_modes": Commitment._fields["purchase_mode"]._description_selection(
                    request.env
                ),
                "error": error,
                "post": post,
                "page_name": "xs_commitment_new",
            }
        )
        return request.render("xs_consumption.portal_xs_commitment_new", values)

    def _xs_commitments_domain(self):
        """The portal user's commitments (its counter and its list). Searched in the user's
        own environment: record rules keep other buyers' commitments out."""
        return [("state", "!=", "cancelled")]

    def _xs_declarations_domain(self):
        """The declarations of the portal user's own organisation (its counter and its
        list). Searched in the user's own environment: record rules keep other sellers'
        declarations out whatever the domain says."""
        return [("seller_id", "=", request.env.user.partner_id.commercial_partner_id.id)]

    def _xs_portal_count(self, Model, domain):
        """How many ``Model`` records match ``domain`` for the portal user: 0 without read
        access (the portal's counters and lists)."""
        return Model.search_count(domain) if Model.has_access("read") else 0

    def _xs_portal_page(self, Model, domain, url, page, order=None):
        """(records, pager) of page ``page`` of the portal list at ``url``: the ``Model``
        records matching ``domain`` that the portal user may read."""
        count = self._xs_portal_count(Model, domain)
        pager = portal_pager(url=url, total=count, page=page, step=self._items_per_page)
        if not count:
            return Model, pager
        records = Model.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        return records, pager

    @http.route(
        ["/my/commitments", "/my/commitments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_commitments(self, page=1, **kw):
        commitments, pager = self._xs_portal_page(
            request.env["xs.buyer.commitment"],
            self._xs_commitments_domain(),
            "/my/commitments",
            page,
            order="id desc",
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "commitments": commitments,
                "page_name": "xs_commitment",
                "pager": pager,
                "default_url": "/my/commitments",
            }
        )
        return request.render("xs_consumption.portal_my_commitments", values)

    @http.route(["/my/commitments/<int:commitment_id>"], type="http", auth="public", website=True)
    def portal_my_commitment(self, commitment_id, access_token=None, **kw):
        try:
            commitment_sudo = self._document_check_access(
                "xs.buyer.commitment", commitment_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            commitment_sudo,
            access_token,
            {"commitment": commitment_sudo, "page_name": "xs_commitment"},
            "my_commitments_history",
            False,
        )
        # Orders placed under it, as the buyer sees them in "My Orders".
        values["orders"] = commitment_sudo.sale_order_ids.filtered(lambda o: o.state == "sale")
        return request.render("xs_consumption.portal_my_commitment", values)

    # ------------------------------------------------------------------
    # Sellers follow their declarations (R20)
    # ------------------------------------------------------------------

    @http.route(
        ["/my/declarations", "/my/declarations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_xs_declarations(self, page=1, **kw):
        declarations, pager = self._xs_portal_page(
            request.env["xs.surplus.declaration"],
            self._xs_declarations_domain(),
            "/my/declarations",
            page,
        )
        seller = request.env.user.partner_id.commercial_partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "can_declare": bool(seller.xs_seller_type and request.env.user._is_portal()),
                # sudo: product, township and campaign names of the seller's own entries.
                "declarations": declarations.sudo(),
                "page_name": "xs_declaration",
                "pager": pager,
                "default_url": "/my/declarations",
            }
        )
        return request.render("xs_consumption.portal_my_declarations", values)

    def _xs_declaration_form_values(self, post, declaration=None, error=None):
        Declaration = request.env["xs.surplus.declaration"]
        if not declaration and request.httprequest.method == "GET":
            # The form's defaults, as in the back office.
            defaults = Declaration.default_get(["date_available_from", "date_available_to"])
            post = dict(
                {key: str(defaults.get(key) or "") for key in defaults},
                **post,
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "declaration": declaration,
                "campaigns": Declaration._xs_portal_campaigns(),
                "products": Declaration._xs_portal_products(),
                "categories": Declaration._fields["category"]._description_selection(request.env),
                "units": TEMPLATE_UNITS,
                "post": post,
                "error": error,
                "page_name": "xs_declaration",
            }
        )
        return values

    @http.route("/my/declarations/new", type="http", auth="user", website=True)
    def portal_xs_declaration_new(self, **post):
        """R20: a seller declares its own surplus; the rules are the model's
        (``xs.surplus.declaration._xs_portal_declare``)."""
        error = None
        if request.httprequest.method == "POST":
            try:
                request.env["xs.surplus.declaration"]._xs_portal_declare(
                    int(post.get("campaign_id") or 0), post
                )
            except ValueError:
                error = _("Choose a campaign.")
            except (AccessError, UserError, ValidationError) as e:
                error = e.args[0]
            else:
                return request.redirect("/my/declarations")
        return request.render(
            "xs_consumption.portal_xs_declaration_form",
            self._xs_declaration_form_values(post, error=error),
        )

    @http.route(
        "/my/declarations/<int:declaration_id>/edit", type="http", auth="user", website=True
    )
    def portal_xs_declaration_edit(self, declaration_id, **post):
        """R20: the seller corrects its own draft (``_xs_portal_update`` checks it)."""
        # The user's own environment: the portal seller rule hides other sellers' entries.
        declaration = request.env["xs.surplus.declaration"].browse(declaration_id).exists()
        try:
            declaration.check_access("read")
        except AccessError:
            return request.redirect("/my/declarations")
        if not declaration:
            return request.redirect("/my/declarations")
        error = None
        if request.httprequest.method == "POST":
            try:
                declaration._xs_portal_update(post)
            except (AccessError, UserError, ValidationError) as e:
                error = e.args[0]
            else:
                return request.redirect("/my/declarations")
        else:
            # sudo: the seller's own declaration (read access checked above), for the form.
            declaration_sudo = declaration.sudo()
            post = {
                "product": declaration_sudo.product_id.name,
                "category": declaration_sudo.category,
                "quantity": str(declaration_sudo.quantity),
                "uom": next(
                    (
                        unit
                        for unit, uom in self._xs_units().items()
                        if uom == declaration_sudo.uom_id
                    ),
                    declaration_sudo.uom_id.name,
                ),
                "price_unit": str(declaration_sudo.price_unit),
                "date_available_from": str(declaration_sudo.date_available_from),
                "date_available_to": str(declaration_sudo.date_available_to),
                "location": declaration_sudo.location or "",
                "contact_phone": declaration_sudo.contact_phone or "",
                "household_count": str(declaration_sudo.household_count),
                "poverty_household_count": str(declaration_sudo.poverty_household_count),
                "monitored_household_count": str(declaration_sudo.monitored_household_count),
                "note": declaration_sudo.note or "",
            }
        return request.render(
            "xs_consumption.portal_xs_declaration_form",
            self._xs_declaration_form_values(post, declaration=declaration.sudo(), error=error),
        )

    def _xs_units(self):
        return {
            unit: request.env.ref(UNIT_SPELLINGS[unit]).sudo()
            for unit in TEMPLATE_UNITS
            if request.env.ref(UNIT_SPELLINGS[unit], raise_if_not_found=False)
        }
