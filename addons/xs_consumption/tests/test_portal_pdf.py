from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_orders import XsOrdersCommon
from .common_pdf import pdf_chinese_fonts, pdf_fonts, pdf_text, real_pdf_rendering


@tagged("post_install", "-at_install")
class TestPortalPdf(XsOrdersCommon, HttpCase):
    """R10/R11/R21: the buyer's order, the seller's purchase order and the invoice open as
    PDFs from the portal, in Chinese, with the CJK font (no empty boxes)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_cabbage.name = "秀山大白菜"
        cls.buyer_school.name = "秀山县第一中学"
        cls.seller_a.name = "边城蔬菜专业合作社"
        cls.portal_buyer = cls._portal_user(cls.buyer_school, "xs_pdf_buyer")
        cls.portal_seller = cls._portal_user(cls.seller_a, "xs_pdf_seller")
        cls.order = cls._order(cls.buyer_school, [(cls.decl_a, 120)])
        cls.purchase = cls.order.order_line.purchase_line_ids.order_id
        cls.purchase.button_confirm()
        cls.env["stock.move"].search(
            [("sale_line_id", "in", cls.order.order_line.ids)]
        ).quantity = 120
        cls.order.picking_ids.button_validate()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()

    @classmethod
    def _portal_user(cls, organisation, login):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} 联系人", "parent_id": organisation.id, "email": f"{login}@ex.com"}
        )
        return cls.env["res.users"].create(
            {
                "name": contact.name,
                "login": login,
                "password": login,
                "partner_id": contact.id,
                "lang": "zh_CN",
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )

    def _portal_pdf(self, login, url):
        self.authenticate(login, login)
        with real_pdf_rendering(self.env):
            response = self.url_open(url, timeout=120)
        self.assertEqual(response.status_code, 200, f"{url}: {response.text[:300]}")
        self.assertEqual(response.headers["Content-Type"], "application/pdf", url)
        self.assertTrue(response.content.startswith(b"%PDF"), url)
        self.assertTrue(
            pdf_chinese_fonts(response.content),
            f"{url}: the Chinese text is set in a Chinese font ({pdf_fonts(response.content)})",
        )
        return pdf_text(response.content)

    def test_r11_buyer_order_pdf(self):
        self.assertTrue(self.env.ref("base.lang_zh_CN").active)
        text = self._portal_pdf("xs_pdf_buyer", f"/my/orders/{self.order.id}?report_type=pdf")
        self.assertIn(self.order.name, text)
        self.assertIn("秀山大白菜", text)
        self.assertIn("秀山县第一中学", text)

    def test_r10_seller_purchase_order_pdf(self):
        text = self._portal_pdf("xs_pdf_seller", f"/my/purchase/{self.purchase.id}?report_type=pdf")
        self.assertIn(self.purchase.name, text)
        self.assertIn("秀山大白菜", text)
        self.assertIn("边城蔬菜专业合作社", text)

    def test_r17_buyer_invoice_pdf(self):
        text = self._portal_pdf(
            "xs_pdf_buyer", f"/my/invoices/{self.invoice.id}?report_type=pdf&download=true"
        )
        self.assertIn(self.invoice.name, text)
        self.assertIn("秀山大白菜", text)
        self.assertIn("秀山县第一中学", text)
