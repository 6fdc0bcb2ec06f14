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
The logins, the campaign, its entries and the JSON are made as for the shop's load, by
xs_load_common.py: standard input has no import path, so it is found in the data/ beside
the addons Odoo runs.
"""

import os
import sys

from odoo import Command
from odoo.modules.module import get_module_path

sys.path.insert(0, os.path.join(get_module_path("xs_consumption"), os.pardir, os.pardir, "data"))
import xs_load_common as common

env = globals()["env"]  # provided by odoo-bin shell
N_BUYERS = int(os.environ.get("XS_LOAD_BUYERS", "30"))
N_PLENTY = int(os.environ.get("XS_LOAD_PLENTY", "5"))

logins, missing = common.load_logins(env, "xs_load_", N_BUYERS)
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
    common.portal_users(
        env,
        [
            {
                "name": f"负载测试采购员 {login[-3:]}",
                "login": login,
                "partner_id": env["res.partner"]
                .create({"name": f"负载测试采购员 {login[-3:]}", "parent_id": buyer.id})
                .id,
            }
            for login, buyer in zip(missing, buyers, strict=True)
        ],
    )
buyer_orgs = env["res.users"].search([("login", "in", logins)]).partner_id.commercial_partner_id

tag = common.TAG
campaign = common.new_campaign(env, f"负载测试活动 {tag}", ["school"])
township = env["xs.township"].search([], limit=1)
seller = env["res.partner"].create(
    {"name": f"负载测试合作社 {tag}", "is_company": True, "xs_seller_type": "cooperative"}
)
# Published to the load buyers only: no other buyer's catalogue changes.
channels = {
    "channel_action_ids": [Command.set(campaign.action_ids.ids)],
    "channel_partner_ids": [Command.set(buyer_orgs.ids)],
}
declarations = common.list_entries(env, campaign, "负载", N_PLENTY, township, seller, channels)
out = common.write_setup(env, "load_setup.json", campaign, logins, declarations)
print(f"load set-up {tag}: {len(logins)} portal buyers, {len(declarations)} entries -> {out}")
