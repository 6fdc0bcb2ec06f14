"""R27: a shop installed before its settings were split into what the shop needs (applied at
every update) and what the county chooses (set at install only)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # The home delivery fee is the county's from now on (was reset at every update).
    env["ir.model.data"].search(
        [("module", "=", "xs_shop"), ("name", "=", "delivery_carrier_home")]
    ).noupdate = True
    # Core's "Standard delivery", which the shop renamed "Collect at my work unit" (sharing
    # the home delivery's product, hence its fee): the shop's own collection method, made
    # by this update, replaces it.
    standard = env.ref("delivery.free_delivery_carrier", raise_if_not_found=False)
    if standard:
        standard.is_published = False
    # The county's payment providers, made by this update: switched on as at install.
    convert_file(env, "xs_shop", "data/shop_payment_data.xml", {}, mode="init", noupdate=True)
