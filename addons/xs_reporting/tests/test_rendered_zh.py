import io

from openpyxl import load_workbook

from odoo.tests import tagged

from odoo.addons.xs_consumption.tests.common_i18n import (
    ZhCNCase,
    data_english,
    english_words,
    untranslated_code_terms,
    views_english,
)


@tagged("post_install", "-at_install")
class TestRenderedZhReporting(ZhCNCase):
    """R21: the reporting screens, data and returns read in Chinese, as rendered."""

    def test_r21_every_view_reads_in_chinese(self):
        """Dashboards, analyses, exchange, wizards and our extensions of other views as an
        administrator working in zh_CN gets them (get_views)."""
        env = self.env(user=self.env.ref("base.user_admin"), context={"lang": "zh_CN"})
        found = views_english(env, ["xs_reporting"])
        self.assertFalse(
            found, "English on screens in zh_CN:\n" + "\n".join(map(str, sorted(set(found))))
        )

    def test_r21_data_records_named_in_chinese(self):
        """The summary return's columns (its header cells), menus, actions, reports and
        jobs of the addon read in Chinese."""
        found = data_english(self.env, ["xs_reporting"])
        self.assertFalse(
            found, "English data in zh_CN:\n" + "\n".join(map(str, sorted(set(found))))
        )
        paired = self.env.ref("xs_reporting.xs_return_column_paired")
        self.assertEqual(paired.with_context(lang="zh_CN").name, "结对帮扶")

    def test_r21_code_messages_in_chinese(self):
        """Every message of the reporting code (notices, errors, return labels) reaches a
        zh_CN user in Chinese."""
        missing = untranslated_code_terms(self.env, "xs_reporting")
        self.assertFalse(missing, f"code messages without zh_CN at run time: {missing}")

    def _cells_english(self, report, docids, user, data=None):
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang="zh_CN")
            ._render_xlsx(f"xs_reporting.{report}", docids, data or {})
        )
        found = []
        for sheet in load_workbook(io.BytesIO(content)).worksheets:
            if english_words(sheet.title):
                found.append((report, sheet.title, "sheet name"))
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if isinstance(value, str) and value[:1] != "=" and english_words(value):
                        found.append((report, cell.coordinate, cell.value))
        return found

    def test_r21_every_return_reads_in_chinese(self):
        """Every return filed upward and the buyer's statement, rendered in zh_CN for the
        demo campaign and read back with openpyxl: titles, header cells and row labels
        hold no English (the summary return's 结对帮扶 printed "Paired Assistance")."""
        campaign = self.env.ref("xs_consumption.campaign_current_demo")
        county = self.env.ref("xs_consumption.user_county_demo")
        found = []
        for report in (
            "summary_return_xlsx",
            "surplus_statistics_xlsx",
            "farmer_benefit_xlsx",
            "catalogue_xlsx",
        ):
            found += self._cells_english(report, campaign.ids, county)
        buyer = self.env.ref("xs_consumption.user_buyer_demo")
        found += self._cells_english(
            "buyer_statement_xlsx", buyer.partner_id.commercial_partner_id.ids, buyer
        )
        self.assertFalse(
            found, "English in returns in zh_CN:\n" + "\n".join(map(str, sorted(set(found))))
        )
