"""Set-up for the shop's load test (tests/load_shop.py, run by scripts/load_shop.sh; R27).

Run inside Odoo:  odoo-bin shell -d DB < data/load_shop_setup.py  (xs_shop installed)
Creates, through the ORM so the business rules run:
- XS_LOAD_PEOPLE (default 300) people with a portal login ``xs_shop_load_NNN`` (password
  XS_LOAD_PASSWORD, default ``load``), an address and the residents-and-staff channel, as
  the shop's sign-up leaves them; reused on a second run;
- a campaign of its own whose implementation phase is open and which publishes to residents
  and staff XS_LOAD_SCARCE (default 1) scarce entries of XS_LOAD_SCARCE_QTY (default 20) kg
  and XS_LOAD_PLENTY (default 6) plentiful ones, of two sellers in two townships;
- the floor: a plain product sold on the website through core eCommerce alone (no entry, no
  campaign), whose checkout the same people walk in the same run;
- the demo payment provider, enabled for the test as the shop's tests use it.
Writes what the load client needs as JSON to XS_LOAD_SETUP_OUT. The logins, the campaign,
its entries and the JSON are made as for the portal's load, by xs_load_common.py: standard
input has no import path, so it is found in the data/ beside the addons Odoo runs.
"""

import os
import sys

from odoo import Command
from odoo.modules.module import get_module_path

sys.path.insert(0, os.path.join(get_module_path("xs_consumption"), os.pardir, os.pardir, "data"))
import xs_load_common as common

env = globals()["env"]  # provided by odoo-bin shell
N_PEOPLE = int(os.environ.get("XS_LOAD_PEOPLE", "300"))
N_PLENTY = int(os.environ.get("XS_LOAD_PLENTY", "6"))

website = env.ref("website.default_website")
logins, missing = common.load_logins(env, "xs_shop_load_", N_PEOPLE)
if missing:
    people = common.portal_users(
        env,
        [
            {"name": f"负载测试居民 {login[-3:]}", "login": login, "lang": "zh_CN"}
            for login in missing
        ],
    )
    people.partner_id.write(
        {
            "street": "中和街道 凤凰路 8 号",
            "city": "秀山县",
            "zip": "409900",
            "country_id": env.ref("base.cn").id,
            "state_id": env.ref("base.state_cn_CQ").id,
            "phone": "+86 139 2300 0001",
            "email": "load@example.com",
        }
    )
    people.partner_id._xs_shop_set_person_channel()

tag = common.TAG
campaign = common.new_campaign(env, f"商城负载测试活动 {tag}", ["shop", "ecommerce", "east_west"])
shop_action = campaign.action_ids.filtered(lambda a: a.action_type == "shop")
townships = env["xs.township"].search([], limit=2)
sellers = env["res.partner"].create(
    [
        {"name": f"商城负载合作社 {tag} {i}", "is_company": True, "xs_seller_type": "cooperative"}
        for i in range(2)
    ]
)
channels = {"channel_action_ids": [Command.set(shop_action.ids)]}
entries = common.list_entries(env, campaign, "商城", N_PLENTY, townships, sellers, channels)

# The floor: a plain product through core eCommerce's own cart and checkout.
floor = env["product.product"].create(
    {
        "name": f"核心电商对照商品 {tag}",
        "type": "consu",
        "list_price": 5.0,
        "sale_ok": True,
        "is_published": True,
        "website_id": website.id,
        "taxes_id": [Command.clear()],
    }
)
demo = env.ref("payment.payment_provider_demo")
if demo.state == "disabled" or not demo.is_published:
    # Written only when needed: enabling it again makes a second payment method line.
    demo.write({"state": "test", "is_published": True})
# Its journal's payment method line before the rush: core's journal_id compute makes it
# when first read, once per concurrent request (then no payment can be posted).
assert demo.journal_id.inbound_payment_method_line_ids.filtered(
    lambda line: line.payment_provider_id == demo
), "the demo provider has no payment method line"
demo_method = demo.payment_method_ids[:1]
carrier = env.ref("delivery.free_delivery_carrier")
out = common.write_setup(
    env,
    "load_shop_setup.json",
    campaign,
    logins,
    entries,
    township_ids=townships.ids,
    floor_product_id=floor.id,
    floor_template_id=floor.product_tmpl_id.id,
    provider_id=demo.id,
    payment_method_id=demo_method.id,
    carrier_id=carrier.id,
)
print(f"shop load set-up {tag}: {len(logins)} people, {len(entries)} entries -> {out}")
