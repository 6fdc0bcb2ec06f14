"""Set-up for the portal load test (tests/load_portal.py, run by scripts/load.sh).

Run inside Odoo:  odoo-bin shell -d DB < data/load_setup.py
Creates, through the ORM so the business rules run:
- XS_LOAD_BUYERS (default 30) school buyer organisations, each with a portal user
  ``xs_load_NNN`` (password XS_LOAD_PASSWORD, default ``load``); reused on a second run;
- a campaign of its own (so the demo campaign's figures stay untouched) whose implementation
  phase is open, with XS_LOAD_SCARCE (default 1) scarce catalogue entries of
  XS_LOAD_SCARCE_QTY (default 20) kg each and XS_LOAD_PLENTY (default 5) plentiful ones, all
  published to the load buyers only (so no other buyer's catalogue changes).
Writes what the load client needs (logins, entry ids, run tag) as JSON to XS_LOAD_SETUP_OUT.
"""

import json
import os
import uuid

from dateutil.relativedelta import relativedelta

from odoo import Command

env = globals()["env"]  # provided by odoo-bin shell
N_BUYERS = int(os.environ.get("XS_LOAD_BUYERS", "30"))
N_SCARCE = int(os.environ.get("XS_LOAD_SCARCE", "1"))
N_PLENTY = int(os.environ.get("XS_LOAD_PLENTY", "5"))
SCARCE_QTY = float(os.environ.get("XS_LOAD_SCARCE_QTY", "20"))
PASSWORD = os.environ.get("XS_LOAD_PASSWORD", "load")
OUT = os.environ.get("XS_LOAD_SETUP_OUT", "load_setup.json")

tag = uuid.uuid4().hex[:6]
portal = env.ref("base.group_portal")
Users = env["res.users"].with_context(no_reset_password=True)
logins = [f"xs_load_{i:03d}" for i in range(N_BUYERS)]
existing = Users.search([("login", "in", logins)])
missing = sorted(set(logins) - set(existing.mapped("login")))
if missing:
    buyers = env["res.partner"].create(
        [
            {
                "name": f"负载测试学校 {login[-3:]}",
                "is_company": True,
                "xs_buyer_category": "school",
            }
            for login in missing
        ]
    )
    Users.create(
        [
            {
                "name": f"负载测试采购员 {login[-3:]}",
                "login": login,
                "password": PASSWORD,
                "groups_id": [Command.set(portal.ids)],
                "partner_id": env["res.partner"]
                .create({"name": f"负载测试采购员 {login[-3:]}", "parent_id": buyer.id})
                .id,
            }
            for login, buyer in zip(missing, buyers, strict=True)
        ]
    )
buyer_orgs = Users.search([("login", "in", logins)]).partner_id.commercial_partner_id

today = env["xs.campaign"]._fields["date_start"].context_today(env["xs.campaign"])
day = relativedelta(days=1)
campaign = env["xs.campaign"].create(
    {
        "name": f"负载测试活动 {tag}",
        "date_start": today - 10 * day,
        "date_end": today + 60 * day,
        "phase_ids": [
            Command.create(
                {"phase_type": kind, "date_start": today - 10 * day, "date_end": today + 60 * day}
            )
            for kind in ("preparation", "implementation")
        ],
        "action_ids": [Command.create({"action_type": "school"})],
    }
)
township = env["xs.township"].search([], limit=1)
seller = env["res.partner"].create(
    {"name": f"负载测试合作社 {tag}", "is_company": True, "xs_seller_type": "cooperative"}
)
kg = env.ref("uom.product_uom_kgm")
names = [f"负载稀缺 {tag} {i}" for i in range(N_SCARCE)] + [
    f"负载充足 {tag} {i}" for i in range(N_PLENTY)
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
declarations = env["xs.surplus.declaration"].create(
    [
        {
            "campaign_id": campaign.id,
            "township_id": township.id,
            "seller_id": seller.id,
            "product_id": product.id,
            "category": "vegetable",
            "quantity": SCARCE_QTY if i < N_SCARCE else 1e6,
            "price_unit": 5.0,
            "date_available_from": today,
            "date_available_to": today + 30 * day,
            "household_count": 10,
            "channel_action_ids": [Command.set(campaign.action_ids.ids)],
            "channel_partner_ids": [Command.set(buyer_orgs.ids)],
        }
        for i, product in enumerate(products)
    ]
)
declarations.action_submit()
declarations.action_verify()
declarations.action_list()
# The catalogue is out: the survey is over, as in a real campaign.
campaign.phase_ids.filtered(lambda p: p.phase_type == "preparation").action_close()
env.cr.commit()  # a set-up script, not business code: the load client needs it committed
with open(OUT, "w", encoding="utf-8") as out:
    json.dump(
        {
            "tag": tag,
            "campaign_id": campaign.id,
            "logins": logins,
            "password": PASSWORD,
            "scarce_ids": declarations[:N_SCARCE].ids,
            "plenty_ids": declarations[N_SCARCE:].ids,
            "scarce_qty": SCARCE_QTY,
        },
        out,
    )
print(f"load set-up {tag}: {len(logins)} portal buyers, {len(declarations)} entries -> {OUT}")
