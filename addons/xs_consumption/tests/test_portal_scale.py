import re
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..controllers.portal import XsCustomerPortal
from .common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestPortalCatalogueScale(XsOrdersCommon, HttpCase):
    """R11 at scale: the buyer's catalogue page, its search and placing an order cost the
    same number of queries with a catalogue ten times bigger (a province has 60,000
    entries): nothing is read per entry, and the page stays one page."""

    # A portal order of two lines over HTTP (241-242 measured; 226-227 once the
    # entry's vendor price is looked up directly and the seller's order is sent without
    # subscription work; 215 without the "created from" note on the sellers' transfers;
    # 83-84 once the sellers' purchase orders are made by the job after the order's commit).
    ORDER_QUERIES = 84

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Scale canteen", "parent_id": cls.buyer_school.id, "email": "s@ex.com"}
        )
        cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": "xs_scale_school",
                "password": "xs_scale_school",
                "partner_id": contact.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.batch = 0

    def _add_entries(self, count):
        """``count`` more listed entries published to schools, each its own product."""
        self.batch += 1
        products = self.env["product.product"].create(
            [{"name": f"Scale produce {self.batch}-{i}", "type": "consu"} for i in range(count)]
        )
        declarations = self.env["xs.surplus.declaration"].create(
            [self._declaration_vals(product_id=product.id) for product in products]
        )
        declarations.action_submit()
        declarations.with_user(self.user_county).action_verify()
        declarations.write({"channel_action_ids": [Command.set(self.action_school.ids)]})
        declarations.with_user(self.user_county).action_list()
        self.env.flush_all()

    def _queries(self, url, data=None):
        """Queries of one request, as the server runs it (the test cursor adds the same
        savepoints to every request)."""
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open(url, data=data, allow_redirects=False)
        self.assertLess(response.status_code, 400, url)
        return self.cr.sql_log_count - before

    def _csrf(self):
        """The CSRF token of the test's web session, as the catalogue form carries it."""
        page = self.url_open("/my/catalogue").text
        marker = 'name="csrf_token" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

    def _figures(self):
        self.url_open("/my/catalogue")  # the worker's caches warm, as in production
        order = {
            "csrf_token": self._csrf(),
            f"qty_{self.decl_a.id}": "1",
            f"qty_{self.decl_b.id}": "2",
        }
        self._queries("/my/catalogue/order", data=order)  # the buyer's first order
        return {
            "catalogue": self._queries("/my/catalogue"),
            "search": self._queries("/my/catalogue?search=Scale"),
            "category": self._queries("/my/catalogue?category=vegetable&search=Test"),
            "order": self._queries("/my/catalogue/order", data=order),
        }

    def test_r11_catalogue_queries_do_not_grow_with_the_catalogue(self):
        self.authenticate("xs_scale_school", "xs_scale_school")
        self._add_entries(10)
        small = self._figures()
        self._add_entries(90)  # 102 entries: more than a page of 80
        big = self._figures()
        order_small, order_big = small.pop("order"), big.pop("order")
        self.assertEqual(big, small, "queries per page, 12 entries vs 102")
        # Placing an order of two lines, session and queue included (all of it
        # runs while the entries are locked): at most a fixed count, whatever the size of
        # the catalogue (one query apart from one order to the next: caches of the server).
        for queries in (order_small, order_big):
            self.assertLessEqual(queries, self.ORDER_QUERIES, "queries of a 2-line order")
        self.assertLessEqual(abs(order_big - order_small), 1, (order_small, order_big))
        page = self.url_open("/my/catalogue")
        self.assertEqual(page.text.count('name="qty_'), 80, "one page of 80 entries")

    def _page(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        pages = {int(n) for n in re.findall(r"/my/catalogue/page/(\d+)", page.text)}
        return page.text, page.text.count('name="qty_'), max(pages, default=1)

    def test_r11_catalogue_count_capped_like_the_web_client(self):
        """The pager counts the catalogue up to a limit (1,000: a dozen pages), never
        less than two pages past the one asked: past the limit it says so and offers the
        pages it counted, and the buyer can still page on (the count of a
        province's 60,000 entries was the catalogue page's cost under load)."""
        self.authenticate("xs_scale_school", "xs_scale_school")
        self._add_entries(250)
        user = self.env["res.users"].search([("login", "=", "xs_scale_school")])
        total = (
            self.env["xs.surplus.declaration"]
            .with_user(user)
            ._xs_catalogue_search(user.partner_id, count=True)
        )
        self.assertTrue(240 < total <= 320, total)  # 4 pages of 80, the demo's entries too
        with patch.object(XsCustomerPortal, "_xs_catalogue_count_limit", 100):
            # Page 1 counts 3 pages' worth (240) and one more: "more than 240".
            text, entries, last = self._page("/my/catalogue")
            self.assertEqual(entries, 80)
            self.assertIn('id="xs_catalogue_more"', text)
            self.assertRegex(text, r"More than\s*240\s*entries match")
            self.assertEqual(last, 4, "pages 1-4 offered: 241 entries counted")
            # Page 3 counts up to 400: every entry, no notice, the last page is 4.
            text, entries, last = self._page("/my/catalogue/page/3")
            self.assertNotIn('id="xs_catalogue_more"', text)
            self.assertEqual((entries, last), (80, 4))
            text, entries, last = self._page("/my/catalogue/page/4")
            self.assertEqual((entries, last), (total - 240, 4))
            # Narrowed by a search, under the limit: exact, no notice.
            text, entries, last = self._page("/my/catalogue?search=Scale produce 1-3")
            self.assertNotIn('id="xs_catalogue_more"', text)
            self.assertEqual((entries, last), (11, 1), "1-3 and 1-30 to 1-39")
        # The real limit: the whole catalogue counted, no notice.
        text, entries, last = self._page("/my/catalogue")
        self.assertNotIn('id="xs_catalogue_more"', text)
        self.assertEqual((entries, last), (80, 4))

    def test_r11_catalogue_search_by_product_seller_township(self):
        """The search box finds entries by product, seller or township name, within the
        buyer's published entries only."""
        self.authenticate("xs_scale_school", "xs_scale_school")
        self._add_entries(3)
        self.decl_b.channel_partner_ids = self.buyer_school_2  # narrowed to another school
        for term, expected in (
            ("Scale produce", 3),
            ("Test Cooperative A", 4),  # decl_a and the three new entries
            ("Test Family Farm B", 0),  # decl_b: narrowed to another school
            ("Test Town A", 4),
            ("no such produce", 0),
        ):
            _text, entries, _last = self._page(f"/my/catalogue?search={term}")
            self.assertEqual(entries, expected, term)

    def test_r11_catalogue_figures_as_the_widgets_print_them(self):
        """The catalogue formats its figures and dates once per page
        (``_xs_catalogue_labels``): the same text as QWeb's monetary, float and date
        widgets print, thousands separators and currency symbol included."""
        self.authenticate("xs_scale_school", "xs_scale_school")
        product = self.env["product.product"].create({"name": "Widget produce", "type": "consu"})
        entry = self.env["xs.surplus.declaration"].create(
            self._declaration_vals(product_id=product.id, price_unit=1234.5, quantity=12345.5)
        )
        entry.action_submit()
        entry.with_user(self.user_county).action_verify()
        entry.write({"channel_action_ids": [Command.set(self.action_school.ids)]})
        entry.with_user(self.user_county).action_list()
        entry.max_qty_per_buyer = 1000.25
        self.env.flush_all()
        text = self.url_open("/my/catalogue?search=Widget produce").text
        qweb_env = self.env(context=dict(self.env.context, lang="en_US"))
        monetary = qweb_env["ir.qweb.field.monetary"].value_to_html(
            1234.5, {"display_currency": entry.currency_id}
        )
        as_float = qweb_env["ir.qweb.field.float"]
        self.assertIn("1,234.50", monetary)
        for printed in (
            monetary,
            as_float.value_to_html(12345.5, {"precision": 2}),
            as_float.value_to_html(1000.25, {"precision": 2}),
            qweb_env["ir.qweb.field.date"].value_to_html(entry.date_available_from, {}),
            qweb_env["ir.qweb.field.date"].value_to_html(entry.date_available_to, {}),
        ):
            self.assertIn(str(printed), text)
        self.assertEqual(text.count(str(monetary)), 2, "in the row and in its phone layout")
