from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslation(TransactionCase):
    """R21: every term the UI shows from our addons has a Chinese translation."""

    def _check_module(self, module):
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        terms = {
            source for _module, _type, _name, _res_id, source, _value, _comments in reader if source
        }
        # Read the .po as Odoo loads it: PoFileReader merges the module's .pot into it and
        # drops (as obsolete) every entry the .pot lacks, so a translation present only in
        # the .po never reaches a user.
        po = PoFileReader(f"{get_module_path(module)}/i18n/zh_CN.po").pofile
        translated = {
            entry.msgid for entry in po if entry.msgstr and not entry.fuzzy and not entry.obsolete
        }
        missing = sorted(terms - translated)
        self.assertFalse(missing, f"{module}: terms without a zh_CN translation: {missing[:20]}")

    def test_r21_xs_consumption_fully_translated(self):
        self._check_module("xs_consumption")

    def test_r21_xs_reporting_fully_translated(self):
        self._check_module("xs_reporting")

    def test_r21_translations_reach_the_user(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["xs_consumption"], ["zh_CN"])
        Declaration = self.env["xs.surplus.declaration"].with_context(lang="zh_CN")
        description = Declaration.fields_get(["state"], ["selection"])["state"]["selection"]
        self.assertEqual(dict(description)["submitted"], "已提交")
        menu = self.env.ref("xs_consumption.xs_consumption_menu_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "消费帮扶")
        # A core term shown to buyers on their orders that core's Chinese leaves English.
        term = self.env.ref("account.account_payment_term_immediate").with_context(lang="zh_CN")
        self.assertIn("立即付款", term.note)
