from odoo.tests import tagged

from .common_i18n import (
    ZhCNCase,
    data_english,
    english_words,
    untranslated_code_terms,
    views_english,
)


@tagged("post_install", "-at_install")
class TestRenderedZh(ZhCNCase):
    """R21: what a zh_CN user reads on our screens and in our data is Chinese, as rendered
    (not only present in the .po)."""

    def test_r21_every_view_reads_in_chinese(self):
        """Every form, list, search, kanban, pivot and graph view of our models, and every
        extension we make to core views, as an administrator working in zh_CN gets it
        (get_views: labels, buttons, placeholders, texts, field labels, help, choices)."""
        env = self.env(user=self.env.ref("base.user_admin"), context={"lang": "zh_CN"})
        found = views_english(env, ["xs_consumption"])
        self.assertFalse(
            found, "English on screens in zh_CN:\n" + "\n".join(map(str, sorted(set(found))))
        )

    def test_r21_data_records_named_in_chinese(self):
        """Menus, actions, groups, jobs, mail templates, units and every other record the
        addon ships read in Chinese where a user meets them; so do the exempt taxes made
        for the company's chart of accounts."""
        found = data_english(self.env, ["xs_consumption"])
        # Made per company with its chart (account.<company id>_xs_tax_exempt_*).
        exempt_data = self.env["ir.model.data"].search(
            [("model", "=", "account.tax"), ("name", "=like", "%\\_xs\\_tax\\_exempt\\_%")]
        )
        exempt = (
            self.env["account.tax"]
            .with_context(lang="zh_CN", active_test=False)
            .browse(exempt_data.mapped("res_id"))
            .exists()
        )
        for tax in exempt:
            for name in ("name", "invoice_label", "description"):
                if english_words(tax[name]):
                    found.append((tax.get_external_id()[tax.id], name, tax[name]))
        self.assertFalse(
            found, "English data in zh_CN:\n" + "\n".join(map(str, sorted(set(found))))
        )

    def test_r21_code_messages_in_chinese(self):
        """Every message our Python code writes (chatter messages of portal orders and new
        records, errors, notices) reaches a zh_CN user in Chinese: 'Purchase order ... is
        confirmed', 'Ordered in the buyer portal by ...' and 'Surplus declaration created'
        were posted in English (their .pot entries lacked the odoo-python mark)."""
        missing = untranslated_code_terms(self.env, "xs_consumption")
        self.assertFalse(missing, f"code messages without zh_CN at run time: {missing}")
