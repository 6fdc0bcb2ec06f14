from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestExemptTax(TransactionCase):
    """R21: the VAT-exempt taxes come with each company's chart of accounts, as a
    localisation's taxes do, named in the company's languages."""

    def _exempt(self, company, use):
        return self.env["account.tax"]._xs_exempt_tax(company, use, create=False)

    def test_r21_company_has_its_exempt_taxes(self):
        company = self.env.company
        sale, purchase = self._exempt(company, "sale"), self._exempt(company, "purchase")
        self.assertEqual((sale.type_tax_use, purchase.type_tax_use), ("sale", "purchase"))
        self.assertEqual(sale.amount, 0.0)
        self.assertEqual(sale.country_id, company.account_fiscal_country_id)
        if self.env["res.lang"]._lang_get("zh_CN"):
            self.assertEqual(sale.with_context(lang="zh_CN").name, "免税")

    def test_r21_company_created_later_gets_them_with_its_chart(self):
        company = self.env["res.company"].create(
            {"name": "秀山县第二平台", "country_id": self.env.ref("base.cn").id}
        )
        self.assertFalse(self._exempt(company, "sale"))
        self.env["account.chart.template"].try_loading("cn", company, install_demo=False)
        sale, purchase = self._exempt(company, "sale"), self._exempt(company, "purchase")
        self.assertEqual(sale.company_id, company)
        self.assertEqual(purchase.company_id, company)
        self.assertEqual(sale.country_id, self.env.ref("base.cn"))
        if self.env["res.lang"]._lang_get("zh_CN"):
            self.assertEqual(sale.with_context(lang="zh_CN").name, "免税")
            self.assertEqual(sale.tax_group_id.with_context(lang="zh_CN").name, "免税")
