"""Benchmark data: a county-sized campaign on top of the demo database.

Run inside Odoo from the repository root (scripts/bench.sh does it; it loads
data/xs_data_common.py, see there):  odoo-bin shell -d DB < data/generate_benchmark.py
Sizes come from the environment: XS_BENCH_DECLARATIONS (default 2000), XS_BENCH_BUYERS (200),
XS_BENCH_ORDERS (3000). Everything is created through the ORM in batches, so the business
rules (duplicates, locking, procurement) run as they do for users; the campaign is the demo's
current one, whose survey and implementation phases are open.
"""

import importlib.util
import os
import random
import time

from odoo import Command


def load_common():
    """data/xs_data_common.py by its path (odoo-bin shell gives stdin no import path)."""
    path = os.path.join(os.environ.get("XS_DATA_DIR", "data"), "xs_data_common.py")
    spec = importlib.util.spec_from_file_location("xs_data_common", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rng = random.Random(20221121)  # reproducible: the plan's date
N_DECL = int(os.environ.get("XS_BENCH_DECLARATIONS", "2000"))
N_BUYERS = int(os.environ.get("XS_BENCH_BUYERS", "200"))
N_ORDERS = int(os.environ.get("XS_BENCH_ORDERS", "3000"))

common = load_common()
env = globals()["env"]  # provided by odoo-bin shell
env = env(context=dict(env.context, **common.QUIET))
started = time.time()
campaign = env.ref("xs_consumption.campaign_current_demo")
townships = env["xs.township"].search([])
kg = env.ref("uom.product_uom_kgm")
seller_types = ["leading_enterprise", "cooperative", "production_base", "family_farm", "other"]
sellers = env["res.partner"].create(
    [
        {
            "name": f"基准销售主体 {i:04d}",
            "is_company": True,
            "xs_seller_type": rng.choice(seller_types),
            "xs_township_id": townships[i % len(townships)].id,
        }
        for i in range(N_DECL // 4)
    ]
)
products = env["product.product"].create(
    [
        {
            "name": f"基准农产品 {i:03d}",
            "type": "consu",
            "categ_id": env.ref("xs_consumption.product_category_vegetable").id,
            "uom_id": kg.id,
            "uom_po_id": kg.id,
        }
        for i in range(100)
    ]
)
by_seller = common.list_declarations(
    env, rng, campaign, sellers, products, N_DECL, 500, common.Progress()
)
declarations = env["xs.surplus.declaration"].browse(
    sorted(d for entries in by_seller.values() for d in entries)
)
print(f"{len(declarations)} declarations listed in {time.time() - started:.0f} s")

buyer_categories = ["school", "financial", "soe", "agency", "ecommerce", "wholesale"]
buyers = env["res.partner"].create(
    [
        {
            "name": f"基准采购单位 {i:03d}",
            "is_company": True,
            "xs_buyer_category": rng.choice(buyer_categories),
        }
        for i in range(N_BUYERS)
    ]
)
orders = env["sale.order"]
batch = 200
for start in range(0, N_ORDERS, batch):
    chunk = []
    for _i in range(min(batch, N_ORDERS - start)):
        buyer = buyers[rng.randrange(len(buyers))]
        lines = rng.sample(range(len(declarations)), rng.randint(1, 3))
        chunk.append(
            {
                "partner_id": buyer.id,
                "xs_campaign_id": campaign.id,
                "order_line": [
                    Command.create(
                        {
                            "xs_declaration_id": declarations[i].id,
                            "product_uom_qty": rng.randint(10, 200),
                        }
                    )
                    for i in lines
                ],
            }
        )
    created = env["sale.order"].create(chunk)
    created.action_confirm()
    orders |= created
    env.cr.commit()  # a data script, not business code: keep batches durable
    print(f"{len(orders)} orders confirmed, {time.time() - started:.0f} s")
env.cr.commit()
print(f"benchmark data ready in {time.time() - started:.0f} s")
