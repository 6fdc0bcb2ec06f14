import io

from openpyxl import load_workbook

from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common import XsCommon


@tagged("post_install", "-at_install")
class TestSurplusStatistics(XsCommon):
    """R5 (and R14, R21): the statistics return from verified declarations, with Chinese
    headers, formulas for totals and Chinese dates."""

    def test_r5_statistics_return(self):
        verified = self._create_declaration(contact_phone="13800138000")
        other = self._create_declaration(
            township_id=self.township_b.id,
            seller_id=self.seller_b.id,
            product_id=self.product_kiwi.id,
            category="fruit",
            quantity=200,
            price_unit=12,
        )
        draft = self._create_declaration(product_id=self.product_kiwi.id)
        (verified | other).action_submit()
        (verified | other).with_user(self.user_county).action_verify()
        self.assertEqual(draft.state, "draft")

        report = self.env["ir.actions.report"].with_context(lang="zh_CN")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["xs_reporting", "xs_consumption"], ["zh_CN"]
        )
        content, kind = report.with_user(self.user_county)._render(
            "xs_reporting.surplus_statistics_xlsx", self.campaign.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][0], "需要帮助销售农产品情况统计表")
        self.assertIn("乡镇（街道）", rows[2])
        self.assertIn("脱贫户数", "".join(str(v) for v in rows[2]))
        # Title, subtitle, header; per township its row and its subtotal (kg); the total.
        self.assertEqual(len(rows), 8)
        data = [rows[3], rows[5]]
        self.assertEqual([r[0] for r in data], [1, 2])
        self.assertEqual({r[2] for r in data}, {"Test Cabbage", "Test Kiwi"})
        self.assertTrue(rows[4][0].endswith("小计"))
        # Totals are formulas a reader can verify, per unit; values are in the cells too.
        total = rows[7]
        self.assertEqual(total[4], "=SUMIF(F4:F4,F8,E4:E4)+SUMIF(F6:F6,F8,E6:E6)")
        self.assertEqual(data[0][7], "=E4*G4")
        self.assertTrue(any(str(v).startswith("=SUMIF(F4:F4,F8,P4:P4)") for v in total))
        self.assertIn("年", data[0][8])
        self.assertTrue(sheet.print_title_rows)
        self.assertEqual(sheet.page_setup.orientation, "landscape")
