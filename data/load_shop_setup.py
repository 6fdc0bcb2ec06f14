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
Writes what the load client needs as JSON to XS_LOAD_SETUP_OUT.
"""

import json
import os
import uuid

from dateutil.relativedelta import relativedelta

from odoo import Command

env = globals()["env"]  # provided by odoo-bin shell
N_PEOPLE = int(os.environ.get("XS_LOAD_PEOPLE", "300"))
N_SCARCE = int(os.environ.get("XS_LOAD_SCARCE", "1"))
N_PLENTY = int(os.environ.get("XS_LOAD_PLENTY", "6"))
SCARCE_QTY = float(os.environ.get("XS_LOAD_SCARCE_QTY", "20"))
PASSWORD = os.environ.get("XS_LOAD_PASSWORD", "load")
OUT = os.environ.get("XS_LOAD_SETUP_OUT", "load_shop_setup.json")

tag = uuid.uuid4().hex[:6]
website = env.ref("website.default_website")
portal = env.ref("base.group_portal")
Users = env["res.users"].with_context(no_reset_password=True)
logins = [f"xs_shop_load_{i:03d}" for i in range(N_PEOPLE)]
missing = sorted(set(logins) - set(Users.search([("login", "in", logins)]).mapped("login")))
if missing:
    people = Users.create(
        [
            {
                "name": f"负载测试居民 {login[-3:]}",
                "login": login,
                "password": PASSWORD,
                "lang": "zh_CN",
                "groups_id": [Command.set(portal.ids)],
            }
            for login in missing
        ]
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

today = env["xs.campaign"]._fields["date_start"].context_today(env["xs.campaign"])
day = relativedelta(days=1)
campaign = env["xs.campaign"].create(
    {
        "name": f"商城负载测试活动 {tag}",
        "date_start": today - 10 * day,
        "date_end": today + 60 * day,
        "phase_ids": [
            Command.create(
                {"phase_type": kind, "date_start": today - 10 * day, "date_end": today + 60 * day}
            )
            for kind in ("preparation", "implementation")
        ],
        "action_ids": [
            Command.create({"action_type": "shop"}),
            Command.create({"action_type": "ecommerce"}),
            Command.create({"action_type": "east_west"}),
        ],
    }
)
shop_action = campaign.action_ids.filtered(lambda a: a.action_type == "shop")
townships = env["xs.township"].search([], limit=2)
sellers = env["res.partner"].create(
    [
        {"name": f"商城负载合作社 {tag} {i}", "is_company": True, "xs_seller_type": "cooperative"}
        for i in range(2)
    ]
)
kg = env.ref("uom.product_uom_kgm")
names = [f"商城稀缺 {tag} {i}" for i in range(N_SCARCE)] + [
    f"商城充足 {tag} {i}" for i in range(N_PLENTY)
]
products = env["product.product"].create(
    [
        {
            "name": name,
            "type": "consu",
            "categ_id": env.ref("xs_consumption.product_category_vegetable").id,
            "uom_id": kg.id,
            "uom_po_id": kg.id,
        }
        for name in names
    ]
)
entries = env["xs.surplus.declaration"].create(
    [
        {
            "campaign_id": campaign.id,
            "township_id": townships[i % len(townships)].id,
            "seller_id": sellers[i % 2].id,
            "product_id": product.id,
            "category": "vegetable",
            "quantity": SCARCE_QTY if i < N_SCARCE else 1e6,
            "price_unit": 5.0,
            "date_available_from": today,
            "date_available_to": today + 30 * day,
            "household_count": 10,
            "channel_action_ids": [Command.set(shop_action.ids)],
        }
        for i, product in enumerate(products)
    ]
)
entries.action_submit()
entries.action_verify()
entries.action_list()
campaign.phase_ids.filtered(lambda p: p.phase_type == "preparation").action_close()

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
env.cr.commit()  # a set-up script, not business code: the load client needs it committed
with open(OUT, "w", encoding="utf-8") as out:
    json.dump(
        {
            "tag": tag,
            "campaign_id": campaign.id,
            "logins": logins,
            "password": PASSWORD,
            "scarce_ids": entries[:N_SCARCE].ids,
            "plenty_ids": entries[N_SCARCE:].ids,
            "township_ids": townships.ids,
            "scarce_qty": SCARCE_QTY,
            "floor_product_id": floor.id,
            "floor_template_id": floor.product_tmpl_id.id,
            "provider_id": demo.id,
            "payment_method_id": demo_method.id,
            "carrier_id": carrier.id,
        },
        out,
    )
print(f"shop load set-up {tag}: {len(logins)} people, {len(entries)} entries -> {OUT}")
