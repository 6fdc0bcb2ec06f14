"""Province-size data: a campaign the size of the national 832 platform's 2020 catalogue.

Run inside Odoo on a demo database (scripts/bench.sh XS_BENCH_SIZE=province does it):
    odoo-bin shell -d DB < data/generate_province.py
Sizes from the environment (defaults: the province):
    XS_PROV_COUNTIES      40     counties, each with Xiushan's 27 townships repeated
    XS_PROV_SELLERS       5000   sellers (every type), spread over the townships
    XS_PROV_DECLARATIONS  60000  declarations, submitted, verified and listed to every channel
    XS_PROV_BUYERS        3000   buyer organisations (every category), each with a portal user
    XS_PROV_LOGINS        50     of those users get the password "demo" (hashing one costs
                                 ~0.3 s, so the others are created without; invite them)
    XS_PROV_LINES         100000 confirmed order lines (orders of 1-3 lines), whose
                                 procurement creates the sellers' purchase orders
    XS_PROV_BATCH         500    records per batch (one commit per batch)
Everything goes through the ORM in batches, so the rules (duplicates, locking, procurement,
prices) run as they do for users; a progress line per batch gives the rate and the time left.
The campaign is the demo's current one (survey and implementation phases open). Reproducible
(fixed seed); it commits batch by batch because it is a data script, not business code.
"""

import os
import random
import time

from odoo import Command

env = globals()["env"]  # provided by odoo-bin shell
rng = random.Random(20221121)  # the plan's date
N_COUNTIES = int(os.environ.get("XS_PROV_COUNTIES", "40"))
N_SELLERS = int(os.environ.get("XS_PROV_SELLERS", "5000"))
N_DECL = int(os.environ.get("XS_PROV_DECLARATIONS", "60000"))
N_BUYERS = int(os.environ.get("XS_PROV_BUYERS", "3000"))
N_LOGINS = int(os.environ.get("XS_PROV_LOGINS", "50"))
N_LINES = int(os.environ.get("XS_PROV_LINES", "100000"))
BATCH = int(os.environ.get("XS_PROV_BATCH", "500"))
started = time.time()


def progress(step, done, total, since):
    rate = done / max(time.time() - since, 1e-6)
    left = (total - done) / rate if rate else 0
    print(
        f"[{time.time() - started:7.0f} s] {step}: {done}/{total} "
        f"({rate:.1f}/s, {left / 60:.0f} min left)",
        flush=True,
    )


def batches(total):
    for start in range(0, total, BATCH):
        yield start, min(BATCH, total - start)


campaign = env.ref("xs_consumption.campaign_current_demo")
kg = env.ref("uom.product_uom_kgm")

# Townships: the county's own 27, then 27 per further county.
since = time.time()
base = env["xs.township"].search([], order="sequence, id")
names = base.mapped("name")
townships = base
for county in range(1, N_COUNTIES):
    townships |= env["xs.township"].create(
        [{"name": f"省级基准县{county:02d} {name}", "kind": "town"} for name in names]
    )
env.cr.commit()
progress("townships", len(townships), len(names) * N_COUNTIES, since)

since = time.time()
seller_types = ["leading_enterprise", "cooperative", "production_base", "family_farm", "other"]
sellers = env["res.partner"]
for start, size in batches(N_SELLERS):
    sellers |= env["res.partner"].create(
        [
            {
                "name": f"省级基准销售主体 {i:05d}",
                "is_company": True,
                "xs_seller_type": rng.choice(seller_types),
                "xs_township_id": townships[i % len(townships)].id,
            }
            for i in range(start, start + size)
        ]
    )
    env.cr.commit()
    progress("sellers", len(sellers), N_SELLERS, since)

products = env["product.product"].create(
    [
        {"name": f"省级基准农产品 {i:03d}", "type": "consu", "uom_id": kg.id, "uom_po_id": kg.id}
        for i in range(300)
    ]
)
env.cr.commit()

# Declarations: one (seller, product) each, in the seller's township.
since = time.time()
today = campaign.phase_ids.filtered(lambda p: p.phase_type == "implementation").date_start
categories = ["vegetable", "livestock", "fruit"]
pairs = set()
declaration_ids = []
for _start, size in batches(N_DECL):
    vals = []
    while len(vals) < size:
        seller = sellers[rng.randrange(len(sellers))]
        product = products[rng.randrange(len(products))]
        if (seller.id, product.id) in pairs:
            continue
        pairs.add((seller.id, product.id))
        households = rng.randint(5, 300)
        vals.append(
            {
                "campaign_id": campaign.id,
                "township_id": seller.xs_township_id.id,
                "seller_id": seller.id,
                "product_id": product.id,
                "category": rng.choice(categories),
                "quantity": rng.randint(2000, 50000),
                "price_unit": round(rng.uniform(1.5, 40), 2),
                "date_available_from": today,
                "date_available_to": campaign.date_end,
                "household_count": households,
                "poverty_household_count": rng.randint(0, households // 3),
                "monitored_household_count": rng.randint(0, households // 10),
            }
        )
    declarations = env["xs.surplus.declaration"].create(vals)
    declarations.action_submit()
    declarations.action_verify()
    declarations.write({"channel_action_ids": [Command.set(campaign.action_ids.ids)]})
    declarations.action_list()
    declaration_ids += declarations.ids
    env.cr.commit()
    env.invalidate_all()  # keep the cache (and memory) to one batch
    progress("declarations listed", len(declaration_ids), N_DECL, since)

# Buyers, each with a portal user (the first N_LOGINS can log in with "demo").
since = time.time()
buyer_categories = ["school", "financial", "soe", "agency", "ecommerce", "wholesale", "hospital"]
portal = env.ref("base.group_portal")
Users = env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True)
buyer_ids = []
for start, size in batches(N_BUYERS):
    orgs = env["res.partner"].create(
        [
            {
                "name": f"省级基准采购单位 {i:04d}",
                "is_company": True,
                "xs_buyer_category": rng.choice(buyer_categories),
            }
            for i in range(start, start + size)
        ]
    )
    contacts = env["res.partner"].create(
        [{"name": f"{org.name} 采购员", "parent_id": org.id} for org in orgs]
    )
    Users.create(
        [
            {
                "name": contact.name,
                "login": f"prov_buyer_{start + k:04d}",
                "partner_id": contact.id,
                "groups_id": [Command.set(portal.ids)],
                **({"password": "demo"} if start + k < N_LOGINS else {}),
            }
            for k, contact in enumerate(contacts)
        ]
    )
    buyer_ids += orgs.ids
    env.cr.commit()
    progress("buyers with portal users", len(buyer_ids), N_BUYERS, since)

# Confirmed orders of 1-3 lines on entries published to the buyer's channel.
since = time.time()
channels = {a.action_type for a in campaign.action_ids}
buyers = env["res.partner"].browse(buyer_ids).filtered(lambda b: b.xs_channel in channels)
lines_done = orders_done = 0
while lines_done < N_LINES:
    chunk = []
    for _i in range(max(1, min(BATCH // 2, (N_LINES - lines_done) // 2))):
        count = rng.randint(1, 3)
        chunk.append(
            {
                "partner_id": buyers[rng.randrange(len(buyers))].id,
                "xs_campaign_id": campaign.id,
                "order_line": [
                    Command.create(
                        {"xs_declaration_id": entry, "product_uom_qty": rng.randint(1, 20)}
                    )
                    for entry in rng.sample(declaration_ids, count)
                ],
            }
        )
        lines_done += count
    orders = env["sale.order"].create(chunk)
    orders.action_confirm()
    orders_done += len(orders)
    env.cr.commit()
    env.invalidate_all()
    progress(f"order lines confirmed ({orders_done} orders)", lines_done, N_LINES, since)
print(f"province data ready in {(time.time() - started) / 60:.1f} min", flush=True)
