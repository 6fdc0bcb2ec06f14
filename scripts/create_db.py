"""Create an Odoo database the way the database manager does, for China.

Usage: python create_db.py DBNAME [--demo] [--lang=xx_XX] -- [odoo options]

Creating the database with country CN before any module is installed makes
``account`` pick the Chinese chart of accounts (l10n_cn) and CNY, and loads zh_CN.
"""

import sys

import odoo
from odoo.tools import config


def main():
    argv = sys.argv[1:]
    sep = argv.index("--") if "--" in argv else len(argv)
    own, odoo_args = argv[:sep], argv[sep + 1 :]
    dbname = own[0]
    demo = "--demo" in own
    lang = next((a.split("=", 1)[1] for a in own if a.startswith("--lang=")), "zh_CN")
    config.parse_config(odoo_args)
    odoo.service.db.exp_create_database(
        dbname, demo, lang, user_password="admin", login="admin", country_code="CN"
    )


if __name__ == "__main__":
    main()
