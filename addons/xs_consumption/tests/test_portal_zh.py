from odoo.tests import HttpCase, tagged

from .common_i18n import page_english


@tagged("post_install", "-at_install")
class TestPortalZh(HttpCase):
    """R21: every portal page of the demo buyer and seller (zh_CN users) reads in Chinese:
    the visible text, placeholders and buttons of each page, fetched over HTTP."""

    def _pages_english(self, login, urls):
        self.authenticate(login, "demo")
        found = []
        for url in urls:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            found += [(login, url, where, text) for where, text in page_english(response.content)]
        return found

    def test_r21_buyer_pages_in_chinese(self):
        buyer = self.env.ref("xs_consumption.user_buyer_demo")
        self.assertEqual(buyer.lang, "zh_CN")
        organisation = buyer.partner_id.commercial_partner_id
        urls = [
            "/my",
            "/my/catalogue",
            "/my/commitments",
            "/my/commitments/new",
            "/my/orders",
            "/my/purchases",
        ]
        commitment = self.env["xs.buyer.commitment"].search(
            [("buyer_id", "=", organisation.id)], limit=1
        )
        if commitment:
            urls.append(f"/my/commitments/{commitment.id}")
        order = self.env["sale.order"].search(
            [("partner_id", "child_of", organisation.id), ("state", "=", "sale")], limit=1
        )
        self.assertTrue(order, "the demo buyer has confirmed orders")
        urls.append(f"/my/orders/{order.id}")
        found = self._pages_english("buyer", urls)
        self.assertFalse(found, "English on portal pages:\n" + "\n".join(map(str, found)))

    def test_r21_seller_pages_in_chinese(self):
        seller = self.env.ref("xs_consumption.user_seller_demo")
        self.assertEqual(seller.lang, "zh_CN")
        organisation = seller.partner_id.commercial_partner_id
        urls = ["/my", "/my/declarations", "/my/declarations/new", "/my/purchase"]
        draft = self.env["xs.surplus.declaration"].search(
            [("seller_id", "=", organisation.id), ("state", "=", "draft")], limit=1
        )
        if draft:
            urls.append(f"/my/declarations/{draft.id}/edit")
        purchase = self.env["purchase.order"].search(
            [("partner_id", "child_of", organisation.id), ("state", "in", ("purchase", "done"))],
            limit=1,
        )
        if purchase:
            urls.append(f"/my/purchase/{purchase.id}")
        found = self._pages_english("seller", urls)
        self.assertFalse(found, "English on portal pages:\n" + "\n".join(map(str, found)))
        # On a phone the orders' column says what they are: core's "Ref." reads "参考资料。"
        # (reference materials) in its Chinese.
        page = self.url_open("/my/purchase").text
        self.assertNotIn("参考资料", page)
        self.assertIn('<span class="d-block d-md-none">采购订单</span>', page)
        if purchase:
            # Nor is a cooperative offered to "connect its software" (core's EDI link).
            page = self.url_open(f"/my/purchase/{purchase.id}").text
            self.assertRegex(
                page, r'<div class="d-none">\s*<button[^>]*id="portal_connect_software_modal_btn"'
            )

    def test_r21_demo_documents_speak_their_partners_language(self):
        # The demo's organisations read Chinese before their documents are made: what the
        # documents say to them (an order's terms, a purchase order's message to its
        # seller) is in Chinese, as for the organisations county staff create.
        order = self.env.ref("xs_consumption.so_to_deliver_demo")
        self.assertEqual(order.partner_id.lang, "zh_CN")
        purchases = order._xs_purchase_orders()
        self.assertTrue(purchases)
        self.assertEqual(set(purchases.partner_id.mapped("lang")), {"zh_CN"})
        bodies = " ".join(purchases.message_ids.mapped("body"))
        self.assertNotIn("is confirmed at the declared price", bodies)
        self.assertNotIn("Terms & Conditions", order.note or "")
