import io

from openpyxl import load_workbook

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.xs_consumption.tests.common_orders import XsOrdersCommon


@tagged("post_install", "-at_install")
class TestSummaryReturn(XsOrdersCommon):
    """R14: per township, what each channel helped sell, all county products and of which
    unsold produce; townships report theirs, the county consolidates; formulas for totals,
    Chinese headers, print-ready."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.decl_b.channel_action_ids |= cls.action_finance
        # Kiwi is a county product of seller B (township B), not declared surplus.
        cls.product_kiwi.seller_ids = [Command.create({"partner_id": cls.seller_b.id})]
        cls._order(cls.buyer_school, [(cls.decl_a, 100)])  # school, A, 250 unsold
        order = Form(cls.env["sale.order"])
        order.partner_id = cls.buyer_bank
        order.xs_campaign_id = cls.campaign
        order.xs_action_id = cls.action_finance
        order = order.save()
        order.order_line = [
            Command.create({"xs_declaration_id": cls.decl_b.id, "product_uom_qty": 50}),
            Command.create(
                {"product_id": cls.product_kiwi.id, "product_uom_qty": 5, "price_unit": 10}
            ),
        ]
        order.action_confirm()  # finance: B 100 unsold + 50 other county product

    def _render(self, user, lang="en_US"):
        report = self.env["ir.actions.report"].with_user(user).with_context(lang=lang)
        content, kind = report._render_xlsx(
            "xs_reporting.summary_return_xlsx", self.campaign.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        return sheet, [[c.value for c in row] for row in sheet.iter_rows()]

    def test_r14_county_consolidation(self):
        sheet, rows = self._render(self.user_county)
        self.assertEqual(rows[0][0], "Consumption Assistance Summary Return")
        # The plan's columns: schools and banks count under agencies, institutions and
        # enterprises (机关企事业单位); work teams have their own.
        channels = rows[2]
        school = channels.index("Agencies, Institutions and Enterprises")
        team = channels.index("Municipal Commerce Commission Assistance Group Work Teams")
        self.assertIn("Lu-Yu Consumption Assistance Cooperation", channels)
        total = channels.index("Total")
        self.assertEqual(
            rows[3][school : school + 2], ["All County Products", "of which Unsold Produce"]
        )
        self.assertEqual(rows[3][total + 2], "of which Off-Platform Purchases")
        by_township = {row[1]: row for row in rows[4:-1]}
        town_a, town_b = by_township["Test Town A"], by_township["Test Town B"]
        self.assertEqual(town_a[school : school + 2], [250.0, 250.0])
        self.assertEqual(town_b[school : school + 2], [150.0, 100.0])
        self.assertEqual(town_b[team : team + 2], [0.0, 0.0])
        # Every township of the county has its row, with or without sales.
        self.assertGreater(len(by_township), 2)
        # Totals are formulas a reader can check.
        row_b = rows.index(town_b) + 1
        self.assertTrue(str(town_b[total]).startswith(f"=C{row_b}+E{row_b}"))
        county_total = rows[-1]
        self.assertEqual(county_total[0], "County Total")
        self.assertTrue(str(county_total[school]).startswith("=SUM("))
        self.assertTrue(sheet.print_title_rows)
        self.assertEqual(sheet.page_setup.orientation, "landscape")

    def test_r14_township_reports_its_own(self):
        _sheet, rows = self._render(self.user_township_b)
        self.assertEqual([row[1] for row in rows[4:-1]], ["Test Town B"])
        finance = rows[2].index("Agencies, Institutions and Enterprises")
        self.assertEqual(rows[4][finance : finance + 2], [150.0, 100.0])
        self.assertNotIn("Test Town A", str(rows))

    def test_r14_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["xs_reporting", "xs_consumption"], ["zh_CN"]
        )
        self.user_county.lang = "zh_CN"
        _sheet, rows = self._render(self.user_county, lang="zh_CN")
        self.assertEqual(rows[0][0], "消费帮扶工作情况汇总表")
        self.assertIn("机关企事业单位", rows[2])
        self.assertIn("市商务委帮扶集团驻乡工作队", rows[2])
        self.assertIn("其中：滞销农产品", rows[3])
        self.assertEqual(rows[-1][0], "全县合计")
        self.assertIn("年", rows[1][0])

    def test_r18_farmers_benefit(self):
        report = self.env["ir.actions.report"].with_user(self.user_county)
        content, _kind = report._render_xlsx(
            "xs_reporting.farmer_benefit_xlsx", self.campaign.ids, {}
        )
        sheet = load_workbook(io.BytesIO(content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertEqual(rows[0][0], "Farmers' Benefit from Consumption Assistance")
        header = rows[2]
        data = rows[3:-2]
        self.assertEqual(
            [r[header.index("Township")] for r in data], ["Test Town A", "Test Town B"]
        )
        sales = header.index("Sales Counted (CNY)")
        self.assertEqual([r[sales] for r in data], [250.0, 100.0])
        self.assertEqual([r[header.index("Households Linked")] for r in data], [50, 50])
        per_household = header.index("Sales per Linked Household (CNY)")
        self.assertEqual(data[0][per_household], "=IF(F4>0,I4/F4,0)")
        total = rows[-2]
        self.assertEqual(total[sales], "=SUM(I4:I5)")
        self.assertEqual(total[header.index("of which Poverty-Alleviated")], "=SUM(G4:G5)")
        # A township sees who benefited in its own townships only.
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_township_b)
            ._render_xlsx("xs_reporting.farmer_benefit_xlsx", self.campaign.ids, {})
        )
        rows = [
            [c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()
        ]
        self.assertEqual([r[1] for r in rows[3:-2]], ["Test Town B"])
