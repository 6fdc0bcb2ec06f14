"""Province-size data: a campaign the size of the national 832 platform's 2020 catalogue.

Run inside Odoo on a demo database, from the repository root (scripts/bench.sh
XS_BENCH_SIZE=province does it; it loads data/xs_data_common.py, see there):
    odoo-bin shell -d DB < data/generate_province.py
Sizes from the environment (defaults: the province):
    XS_PROV_COUNTIES      40     counties, each with Xiushan's 27 townships repeated
    XS_PROV_SELLERS       5000   sellers (every type), spread over the townships
    XS_PROV_PRODUCTS      3000   products the sellers declare (about 20 sellers each: the
                                 832 platform lists 60,000 products of 5,000 suppliers)
    XS_PROV_DECLARATIONS  60000  declarations, submitted, verified and listed to every channel
    XS_PROV_BUYERS        3000   buyer organisations (every category), each with a portal
                                 user prov_buyer_NNNN (password "demo")
    XS_PROV_LINES         100000 confirmed order lines, whose procurement creates and
                                 confirms the sellers' dropship purchase orders
    XS_PROV_BATCH         500    records per batch (one commit per batch)
    XS_PROV_ORDER_BATCH   25     orders created and confirmed together (one commit)
Orders are shaped as canteens place them: 1-3 sellers, 3-8 of each seller's entries
(one purchase order per seller and order, so several lines share it). Everything goes
through the ORM and the business methods in batches, so the rules run as they do for users
(duplicates, verification, listing, publication, the campaign's checks at confirmation under
the entries' locks, procurement, the purchase orders' confirmation and their message to the
seller); only chatter tracking is off, as for an import. A progress line per batch gives the
rate and the time left; the last lines check the result (every order confirmed with its
purchase orders, nothing oversold, counted amounts equal to the order lines'). The campaign
is the demo's current one (survey and implementation phases open). Reproducible (fixed
seed); it commits batch by batch because it is a data script, not business code.
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


common = load_common()
env = globals()["env"]  # provided by odoo-bin shell
env = env(context=dict(env.context, **common.QUIET))
rng = random.Random(20221121)  # the plan's date
N_COUNTIES = int(os.environ.get("XS_PROV_COUNTIES", "40"))
N_SELLERS = int(os.environ.get("XS_PROV_SELLERS", "5000"))
N_PRODUCTS = int(os.environ.get("XS_PROV_PRODUCTS", "3000"))
N_DECL = int(os.environ.get("XS_PROV_DECLARATIONS", "60000"))
N_BUYERS = int(os.environ.get("XS_PROV_BUYERS", "3000"))
N_LINES = int(os.environ.get("XS_PROV_LINES", "100000"))
BATCH = int(os.environ.get("XS_PROV_BATCH", "500"))
ORDER_BATCH = int(os.environ.get("XS_PROV_ORDER_BATCH", "25"))
progress = common.Progress()

campaign = env.ref("xs_consumption.campaign_current_demo")
kg = env.ref("uom.product_uom_kgm")


def generate_catalogue_and_buyers():
    """Townships, sellers, products, the listed catalogue and the buyers with their portal
    users; returns ({seller id: [entry ids]}, [buyer organisation ids])."""
    # Townships: the county's own 27, then 27 per further county.
    since = time.time()
    base = env["xs.township"].search([], order="sequence, id")
    names = base.mapped("name")
    townships = base + env["xs.township"].create(
        [
            {"name": f"省级基准县{county:02d} {name}", "kind": "town"}
            for county in range(1, N_COUNTIES)
            for name in names
        ]
    )
    env.cr.commit()
    progress("townships", len(townships), len(names) * N_COUNTIES, since)

    since = time.time()
    seller_types = ["leading_enterprise", "cooperative", "production_base", "family_farm", "other"]
    seller_ids = []
    for start, size in common.batches(N_SELLERS, BATCH):
        seller_ids += (
            env["res.partner"]
            .create(
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
            .ids
        )
        env.cr.commit()
        progress("sellers", len(seller_ids), N_SELLERS, since)

    # Each product's sellers are its vendors: procurement reads them all for every purchase
    # line (core _select_seller), so their number per product shapes the order rate.
    products = env["product.product"].create(
        [
            {
                "name": f"省级基准农产品 {i:04d}",
                "type": "consu",
                "uom_id": kg.id,
                "uom_po_id": kg.id,
            }
            for i in range(N_PRODUCTS)
        ]
    )
    env.cr.commit()

    # Declarations: one (seller, product) each, in the seller's township (shared with the
    # county benchmark).
    by_seller = common.list_declarations(
        env,
        rng,
        campaign,
        env["res.partner"].browse(seller_ids),
        products,
        N_DECL,
        BATCH,
        progress,
    )

    # Buyers, each with a portal user.
    since = time.time()
    buyer_categories = [
        "school",
        "financial",
        "soe",
        "agency",
        "ecommerce",
        "wholesale",
        "hospital",
    ]
    portal = env.ref("base.group_portal")
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nosubscribe=True)
    buyer_ids, user_ids = [], []
    for start, size in common.batches(N_BUYERS, BATCH):
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
        user_ids += Users.create(
            [
                {
                    "name": contact.name,
                    "login": f"prov_buyer_{start + k:04d}",
                    "partner_id": contact.id,
                    "groups_id": [Command.set(portal.ids)],
                }
                for k, contact in enumerate(contacts)
            ]
        ).ids
        buyer_ids += orgs.ids
        env.cr.commit()
        progress("buyers with portal users", len(buyer_ids), N_BUYERS, since)
    # Password "demo" for every generated buyer: ONE hash computed once (Odoo's context, its
    # full rounds) and written to all of them in one UPDATE, instead of 3,000 hashes of
    # ~0.3 s each. Demo data only: real users never share a salt.
    env.cr.execute(
        "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
        [env["res.users"]._crypt_context().hash("demo"), user_ids],
    )
    env.cr.commit()
    return by_seller, buyer_ids


def resume():
    """What an interrupted run left (its buyers were all made: orders had started), as
    generate_catalogue_and_buyers returns it, and the lines already confirmed."""
    buyer_ids = (
        env["res.partner"]
        .search([("name", "=like", "省级基准采购单位 %"), ("is_company", "=", True)], order="id")
        .ids
    )
    if len(buyer_ids) < N_BUYERS:
        raise SystemExit(
            "An earlier run stopped before its orders: generate into a new demo database."
        )
    env.cr.execute(
        """SELECT d.seller_id, array_agg(d.id ORDER BY d.id)
             FROM xs_surplus_declaration d JOIN res_partner p ON p.id = d.seller_id
            WHERE d.campaign_id = %s AND d.state = 'listed' AND p.name LIKE %s
            GROUP BY d.seller_id""",
        [campaign.id, "省级基准销售主体 %"],
    )
    by_seller = dict(env.cr.fetchall())
    env.cr.execute(
        """SELECT count(*) FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
            WHERE so.partner_id = ANY(%s)""",
        [buyer_ids],
    )
    return by_seller, buyer_ids, env.cr.fetchone()[0]


# A second run on the same database continues an interrupted one (every batch was
# committed whole): it keeps what exists and confirms orders up to XS_PROV_LINES.
if env["res.partner"].search_count([("name", "=like", "省级基准采购单位 %")], limit=1):
    by_seller, buyer_ids, lines_before = resume()
    rng = random.Random(20221121 + lines_before)
    print(f"resuming: {lines_before} order lines were confirmed", flush=True)
else:
    by_seller, buyer_ids = generate_catalogue_and_buyers()
    lines_before = 0

# Confirmed orders as a canteen places them: 3-8 entries from each of 1-3 sellers at once
# (one purchase order per seller and order: its lines share it). ORDER_BATCH orders are
# created and confirmed together (confirmation and procurement work on the recordset),
# then committed.
since = time.time()
channels = {a.action_type for a in campaign.action_ids}
buyers = env["res.partner"].browse(buyer_ids).filtered(lambda b: b.xs_channel in channels).ids
sellers_with_entries = sorted(by_seller)
lines_done, orders_done = lines_before, 0
while lines_done < N_LINES:
    chunk = []
    while len(chunk) < ORDER_BATCH and lines_done < N_LINES:
        entries = []
        for seller in rng.sample(sellers_with_entries, rng.randint(1, 3)):
            own = by_seller[seller]
            entries += rng.sample(own, min(len(own), rng.randint(3, 8)))
        entries = entries[: N_LINES - lines_done]
        chunk.append(
            {
                "partner_id": buyers[rng.randrange(len(buyers))],
                "xs_campaign_id": campaign.id,
                "order_line": [
                    Command.create(
                        {"xs_declaration_id": entry, "product_uom_qty": rng.randint(5, 100)}
                    )
                    for entry in entries
                ],
            }
        )
        lines_done += len(entries)
    orders = env["sale.order"].create(chunk)
    orders.action_confirm()
    orders_done += len(orders)
    env.cr.commit()
    env.invalidate_all()  # keep the cache (and memory) to one batch
    progress(
        f"order lines confirmed ({orders_done} orders)", lines_done, N_LINES, since, lines_before
    )

# The result, checked: every order confirmed with its sellers' confirmed purchase orders,
# nothing oversold, the counted amounts those of the order lines.
env.flush_all()
env.cr.execute(
    """SELECT count(DISTINCT so.id),
              count(sol.id),
              count(sol.id) FILTER (WHERE so.state != 'sale'),
              count(sol.id) FILTER (WHERE NOT EXISTS (
                  SELECT 1 FROM purchase_order_line pol
                    JOIN purchase_order po ON po.id = pol.order_id
                   WHERE pol.sale_line_id = sol.id AND po.state = 'purchase')),
              COALESCE(sum(sol.price_subtotal), 0)
         FROM sale_order so JOIN sale_order_line sol ON sol.order_id = so.id
        WHERE so.partner_id = ANY(%s)""",
    [buyer_ids],
)
n_orders, n_lines, unconfirmed, without_po, amount = env.cr.fetchone()
env.cr.execute(
    "SELECT count(*) FROM xs_surplus_declaration WHERE campaign_id = %s AND qty_remaining < 0",
    [campaign.id],
)
oversold = env.cr.fetchone()[0]
counted = sum(
    amount
    for (amount,) in env["xs.counted.line"]._read_group(
        [("buyer_id", "in", buyer_ids), ("source", "=", "platform")], [], ["amount_ordered:sum"]
    )
)
print(
    f"check: {n_orders} orders, {n_lines} lines of the generated buyers; {unconfirmed} lines "
    f"not confirmed, {without_po} without a confirmed purchase order, {oversold} entries "
    f"oversold; lines {amount:.2f}, counted {counted:.2f}",
    flush=True,
)
ok = (
    n_lines == N_LINES
    and not unconfirmed
    and not without_po
    and not oversold
    and abs(amount - counted) < 0.01
)
print(
    f"province data ready in {(time.time() - progress.started) / 60:.1f} min"
    + ("" if ok else "  CHECK FAILED"),
    flush=True,
)
