"""Create an Odoo database the way the database manager does, for China.

Usage: python create_db.py DBNAME [--demo] [--lang=xx_XX] [--modules=a,b] [--deps-only]
                            -- [odoo options]

Creating the database with country CN before any module is installed makes
``account`` pick the Chinese chart of accounts (l10n_cn) and CNY, and loads zh_CN.

Odoo's own sample data (furniture products, "Mitchell Admin", "Wood Corner"...) is never
installed. With ``--demo`` the modules our addons (``--modules``, default xs_consumption and
xs_reporting) depend on are installed here without it and then marked as having demo data:
Odoo loads a module's demo only when every module it depends on has demo
(``should_have_demo`` in odoo/modules/graph.py), so installing our addons afterwards loads
the county's demo data, and only it.

``--deps-only`` does the second step on an existing database: before installing a new addon
of ours into a demo database, its missing dependencies are installed without Odoo's samples
(else they would come with them, their installed dependencies having demo).
"""

import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_manifest
from odoo.modules.registry import Registry
from odoo.tools import config


def dependencies(names):
    """Every module ``names`` depend on, directly or not (``names`` excluded)."""
    seen, todo = set(), list(names)
    while todo:
        for dep in get_manifest(todo.pop()).get("depends", []):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen - set(names)


def main():
    argv = sys.argv[1:]
    sep = argv.index("--") if "--" in argv else len(argv)
    own, odoo_args = argv[:sep], argv[sep + 1 :]
    dbname = own[0]
    demo = "--demo" in own
    lang = next((a.split("=", 1)[1] for a in own if a.startswith("--lang=")), "zh_CN")
    modules = next(
        (a.split("=", 1)[1] for a in own if a.startswith("--modules=")),
        "xs_consumption,xs_reporting",
    ).split(",")
    # No module installed by this script loads its demo data (Odoo's samples).
    config.parse_config([*odoo_args, "--without-demo=all"])
    if "--deps-only" not in own:
        odoo.service.db.exp_create_database(
            dbname, False, lang, user_password="admin", login="admin", country_code="CN"
        )
        if not demo:
            return
    with Registry(dbname).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.module.module"].search(
            [("name", "in", sorted(dependencies(modules))), ("state", "!=", "installed")]
        ).button_install()
        # Modules to install inherit the demo flag of their installed dependencies: none
        # of them loads Odoo's samples.
        cr.execute("UPDATE ir_module_module SET demo = FALSE WHERE state = 'to install'")
    Registry.new(dbname, update_module=True)
    with Registry(dbname).cursor() as cr:
        cr.execute("UPDATE ir_module_module SET demo = TRUE WHERE state = 'installed'")


if __name__ == "__main__":
    main()
