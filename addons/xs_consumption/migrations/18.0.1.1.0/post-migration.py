"""The exempt taxes' names in every installed language, as the chart of accounts names its
own (code translations of this module; before, they stayed in English)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["account.chart.template"]._load_translations()
