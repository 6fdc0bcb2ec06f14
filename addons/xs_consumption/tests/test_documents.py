from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..report.xs_document_report import xs_amount_in_words_zh
from .common_orders import XsOrdersCommon
from .common_pdf import closed_report_url, pdf_words


@tagged("post_install", "-at_install")
class TestFormalDocuments(XsOrdersCommon):
    """R29: the declaration form, the commitment letter and the agreement print as formal
    A4 documents in Chinese, with their figures and signature and seal blocks."""

    def _pdf(self, xmlid, records, user=None):
        report = self.env.ref(xmlid)
        env = self.env(user=user) if user else self.env
        with closed_report_url(self.env):
            pdf, kind = (
                env["ir.actions.report"]
                .with_context(lang="zh_CN", force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, records.ids)
            )
        self.assertEqual(kind, "pdf")
        return pdf_words(pdf)

    def test_r29_amount_in_words(self):
        cases = {
            0: "零元整",
            0.05: "伍分",
            10: "壹拾元整",
            101: "壹佰零壹元整",
            1005: "壹仟零伍元整",
            10010: "壹万零壹拾元整",
            12305.6: "壹万贰仟叁佰零伍元陆角整",
            200100.07: "贰拾万零壹佰元零柒分",
            1170000: "壹佰壹拾柒万元整",
            20000300: "贰仟万零叁佰元整",
            100000001: "壹亿零壹元整",
        }
        for amount, words in cases.items():
            self.assertEqual(xs_amount_in_words_zh(amount), words, amount)

    def test_r29_declaration_form_per_township(self):
        decl_a2 = self._create_declaration(product_id=self.product_kiwi.id, category="fruit")
        decls = self.decl_a | decl_a2 | self.decl_b
        text = self._pdf(
            "xs_consumption.xs_surplus_declaration_report_form", decls, self.user_county
        )
        self.assertIn("滞销农产品申报表", text)
        # One form per township, each with its declarations and its own total in words.
        self.assertEqual(text.count("滞销农产品申报表"), 2)
        for name in (self.township_a.name, self.township_b.name, self.decl_a.name, decl_a2.name):
            self.assertIn(name.replace(" ", ""), text)
        # Township A: 1000 kg x 2.5 twice; township B: 500 kg x 2.
        self.assertIn("5,000.00", text)
        self.assertIn("伍仟元整", text)
        self.assertIn("壹仟元整", text)
        self.assertIn("盖章", text)
        self.assertIn("签字", text)

    def test_r29_township_prints_its_own_declarations_only(self):
        text = self._pdf(
            "xs_consumption.xs_surplus_declaration_report_form",
            self.decl_a,
            self.user_township_a,
        )
        self.assertIn(self.decl_a.name, text)
        with self.assertRaises(AccessError):
            self._pdf(
                "xs_consumption.xs_surplus_declaration_report_form",
                self.decl_b,
                self.user_township_a,
            )

    def test_r29_commitment_letter(self):
        commitment = self.env["xs.buyer.commitment"].create(
            {
                "campaign_id": self.campaign.id,
                "action_id": self.action_school.id,
                "buyer_id": self.buyer_school.id,
                "purchase_mode": "canteen",
                "amount_committed": 12305.6,
                "date_end": self.phase_implementation.date_end,
                "user_id": self.user_county.id,
            }
        )
        text = self._pdf("xs_consumption.xs_buyer_commitment_report_letter", commitment)
        self.assertIn("认购承诺书", text)
        self.assertIn(self.buyer_school.name.replace(" ", ""), text)
        self.assertIn("壹万贰仟叁佰零伍元陆角整", text)
        self.assertIn("食堂采购", text)
        self.assertIn("盖章", text)

    def test_r29_supply_agreement(self):
        market = self.env["res.partner"].create(
            {"name": "德州农产品批发市场", "is_company": True, "xs_buyer_category": "wholesale"}
        )
        agreement = self.env["xs.supply.agreement"].create(
            {
                "name": "DZ-1",
                "agreement_type": "direct",
                "campaign_id": self.campaign.id,
                "buyer_id": market.id,
                "seller_id": self.seller_a.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=90),
                "amount_agreed": 5000,
            }
        )
        text = self._pdf("xs_consumption.xs_supply_agreement_report_document", agreement)
        self.assertIn("直采协议", text)
        self.assertIn("德州农产品批发市场", text)
        self.assertIn("伍仟元整", text)
        self.assertIn("甲方", text)
        self.assertIn("乙方", text)

    def test_r29_lead_prints_an_agreement_under_another_action(self):
        """A lead department prints every agreement it reads, also one under an action it
        does not lead (the action's name was read with its rights: HTTP 403)."""
        agreement = self.env["xs.supply.agreement"].create(
            {
                "name": "DZ-2",
                "agreement_type": "direct",
                "campaign_id": self.campaign.id,
                "action_id": self.action_ecommerce.id,
                "buyer_id": self.buyer_school.id,
                "seller_id": self.seller_a.id,
                "date_start": self.today,
                "date_end": self.today + relativedelta(days=90),
                "amount_agreed": 5000,
            }
        )
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_lead)
            .with_context(lang="zh_CN")
            ._render_qweb_html("xs_consumption.report_xs_supply_agreement", agreement.ids)
        )
        self.assertIn(self.action_ecommerce.with_context(lang="zh_CN").name, html.decode())


@tagged("post_install", "-at_install")
class TestDemoDocumentsInChinese(XsOrdersCommon):
    """R21 on the demo: its organisations read Chinese, so the orders, purchase orders and
    invoices Odoo prints in the partner's language come out in Chinese."""

    def test_r21_demo_purchase_order_prints_in_chinese(self):
        seller = self.env.ref("xs_consumption.seller_hongan_coop")
        self.assertEqual(seller.lang, "zh_CN")
        purchase = self.env["purchase.order"].search([("partner_id", "=", seller.id)], limit=1)
        self.assertTrue(purchase, "the demo has purchase orders for the cooperative")
        with closed_report_url(self.env):
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("purchase.report_purchaseorder", purchase.ids)
            )
        text = pdf_words(pdf)
        self.assertIn("采购订单", text)
        self.assertNotIn("OrderDate", text)
