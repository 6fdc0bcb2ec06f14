"""R21: find English in what a zh_CN user reads (screens, portal pages, returns, data)."""

import re

from lxml import etree, html

from odoo.tests import TransactionCase
from odoo.tools.translate import (
    PYTHON_TRANSLATION_COMMENT,
    TranslationModuleReader,
    code_translations,
)

# Models whose names a user reads (menus, actions, groups, return columns, taxes, jobs...):
# every translatable field of the records our addons ship.
DATA_FIELDS = {
    "ir.ui.menu": ["name"],
    "ir.actions.act_window": ["name", "help"],
    "ir.actions.server": ["name"],
    "ir.actions.report": ["name"],
    "ir.actions.client": ["name"],
    "ir.cron": ["name"],
    "res.groups": ["name", "comment"],
    "mail.template": ["name", "subject"],
    "mail.activity.type": ["name", "summary"],
    "product.category": ["name"],
    "product.template": ["name"],
    "product.product": ["name"],
    "uom.uom": ["name"],
    "uom.category": ["name"],
    "account.tax": ["name", "description", "invoice_label"],
    "account.tax.group": ["name"],
    "xs.return.column": ["name"],
    "xs.campaign.action": ["name"],
}

# A Latin word of two letters or more standing alone (codes mixing letters and digits,
# like SB0001 or a product's default code, are identifiers, not English).
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_@./:-])[A-Za-z]{2,}(?![A-Za-z0-9_@/:-])")
# What a Chinese county clerk reads as is: currency and file formats, units, product codes,
# Odoo's own name in its logo.
ALLOWED_WORDS = frozenset(
    {
        "CNY",
        "RMB",
        "Excel",
        "xlsx",
        "PDF",
        "SKU",
        "ID",
        "kg",
        "km",
        "KG",
        "Odoo",
        "SHA",
        "HTTP",
        "HTTPS",
        "URL",
        "API",
        "JSON",
        "Token",
        "WeChat",
        "Authorization",
        "Bearer",
        # Core's own: its zh_CN keeps "Copyright ©", the portal's "odoo" link, REST/UBL.
        "Copyright",
        "odoo",
        "REST",
        "UBL",
        "Email",
        "email",
    }
)
# View attributes a user reads (labels, buttons, tooltips, placeholders, confirmations).
VISIBLE_ATTRIBUTES = ("string", "help", "placeholder", "title", "confirm", "sum", "avg")


def english_words(text):
    """The Latin words of ``text`` a zh_CN user would read as untranslated English."""
    if not text:
        return []
    # Addresses, placeholders filled in later ({{ object.name }}, %(name)s), icon names.
    text = re.sub(
        r"https?://\S+|\S+@\S+|\{\{.*?\}\}|%\(\w+\)[sd]|Font Awesome|fa-[\w-]+", " ", str(text)
    )
    return [word for word in _LATIN_WORD.findall(text) if word not in ALLOWED_WORDS]


def arch_english(arch):
    """(where, text) of each visible label, button, placeholder or text of a view arch
    that holds English."""
    root = etree.fromstring(arch) if isinstance(arch, str | bytes) else arch
    found = []
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        for attribute in VISIBLE_ATTRIBUTES:
            value = node.get(attribute)
            if value and english_words(value):
                found.append((f"<{node.tag} {attribute}>", value))
        for text in (node.text, node.tail):
            if text and text.strip() and english_words(text):
                found.append((f"<{node.tag}> text", text.strip()))
    return found


def page_english(content):
    """(where, text) of English in an HTML page as a person reads it: the visible text
    and the placeholders, tooltips and button values; scripts, styles and templates for
    scripts left out."""
    doc = html.fromstring(content)
    for node in doc.xpath("//script | //style | //template | //noscript | //head"):
        node.drop_tree()
    # The language switcher names each language in itself ("English (US)", "中文"), as
    # every multilingual site does: not a term to translate.
    for node in doc.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' js_language_selector ')]"
    ):
        node.drop_tree()
    found = []
    for node in doc.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in ("placeholder", "title"):
            value = node.get(attribute)
            if value and english_words(value):
                found.append((f"<{node.tag} {attribute}>", value))
        if node.tag == "input" and node.get("type") in ("submit", "button"):
            value = node.get("value")
            if value and english_words(value):
                found.append(("<input value>", value))
        for text in (node.text, node.tail):
            if text and text.strip() and english_words(text):
                found.append((f"<{node.tag}> text", " ".join(text.split())))
    return found


class ZhCNCase(TransactionCase):
    """Chinese installed and our addons' terms loaded, as a county's database has them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "zh_CN"), ("active", "=", True)]):
            cls.env["res.lang"]._activate_lang("zh_CN")
            installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
            cls.env["ir.module.module"]._load_module_terms(installed.mapped("name"), ["zh_CN"])
        else:
            cls.env["ir.module.module"]._load_module_terms(
                ["xs_consumption", "xs_reporting"], ["zh_CN"], overwrite=True
            )
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN"))


def view_english(env, view):
    """English a zh_CN user reads on ``view``: its labels, buttons, placeholders and texts,
    and the labels, help and choices of the fields it shows. A primary view is read as
    the client gets it (``get_views``, with every extension applied); an extension of
    another module's view for what it adds."""
    found = []
    Model = env[view.model]
    if view.mode == "primary":
        result = Model.get_views([(view.id, view.type)], {})
        arch = result["views"][view.type]["arch"]
        models = result["models"]
    else:
        arch = view.with_env(env).arch_db
        names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
        models = {view.model: {"fields": {n: {} for n in names if n in Model._fields}}}
    found += [(view.xml_id, where, text) for where, text in arch_english(arch)]
    for model_name, described in models.items():
        names = [n for n in described["fields"] if n in env[model_name]._fields]
        if not names:
            continue
        fields = env[model_name].fields_get(names, ["string", "help", "selection"])
        for name, field in fields.items():
            for key in ("string", "help"):
                if english_words(field.get(key)):
                    found.append((view.xml_id, f"{model_name}.{name} {key}", field[key]))
            for value, label in field.get("selection") or ():
                if english_words(label):
                    found.append((view.xml_id, f"{model_name}.{name} = {value}", label))
    return found


def views_english(env, modules):
    """``view_english`` of every view (but QWeb templates) that ``modules`` ship."""
    data = env["ir.model.data"].search([("module", "in", modules), ("model", "=", "ir.ui.view")])
    views = env["ir.ui.view"].browse(data.mapped("res_id")).exists()
    views = views.filtered(lambda v: v.type != "qweb" and v.model in env)
    assert views, modules
    found = []
    for view in views:
        found += view_english(env, view)
    return found


def data_english(env, modules):
    """(xml id, field, value) of the translatable names of the records ``modules`` ship
    that read in English in zh_CN."""
    found = []
    data = env["ir.model.data"].search(
        [("module", "in", modules), ("model", "in", list(DATA_FIELDS))]
    )
    for model_name in set(data.mapped("model")):
        Model = env[model_name].with_context(lang="zh_CN", active_test=False)
        names = [
            n for n in DATA_FIELDS[model_name] if n in Model._fields and Model._fields[n].translate
        ]
        records = Model.browse(data.filtered(lambda d, m=model_name: d.model == m).mapped("res_id"))
        for record in records.exists():
            for name in names:
                value = record[name]
                if Model._fields[name].type == "html" and value:
                    value = html.fromstring(f"<div>{value}</div>").text_content()
                if english_words(value):
                    found.append((record.get_external_id()[record.id], name, value))
    return found


def untranslated_code_terms(env, module):
    """The messages of ``module``'s Python code (``_()``) that the code gets untranslated
    in zh_CN: Odoo reads them from the .po merged with the .pot, and only entries marked
    ``odoo-python`` there (chatter messages, errors, notices...)."""
    terms = {
        source
        for mod, kind, _name, _res_id, source, _value, comments in TranslationModuleReader(
            env.cr, modules=[module]
        )
        if mod == module and kind == "code" and source and PYTHON_TRANSLATION_COMMENT in comments
    }
    translated = code_translations.get_python_translations(module, "zh_CN")
    return sorted(term for term in terms if not translated.get(term))
