"""What the benchmark and province generators share (generate_benchmark.py,
generate_province.py). Both are piped into ``odoo-bin shell``, which gives them no import
path, so they load this file by its path (``load_common`` below, copied in each):
``XS_DATA_DIR`` names the directory (scripts/bench.sh sets it), else ``data`` under the
current directory (the repository root when run by hand).

Everything goes through the ORM and the business methods, so the rules run as they do for
users. The generators commit batch by batch: they are data scripts, not business code.
"""

import time

from odoo import Command

# Standard import keys: no chatter tracking, creation log or creator following on the
# generated records (the business code's own messages are still posted).
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


class Progress:
    """A progress line per batch: what is done, the rate and the time left."""

    def __init__(self):
        self.started = time.time()

    def __call__(self, step, done, total, since, done_before=0):
        rate = (done - done_before) / max(time.time() - since, 1e-6)
        left = (total - done) / rate if rate else 0
        print(
            f"[{time.time() - self.started:7.0f} s] {step}: {done}/{total} "
            f"({rate:.1f}/s, {left / 60:.0f} min left)",
            flush=True,
        )


def batches(total, size):
    """(start, size) of each batch of ``size`` out of ``total``."""
    for start in range(0, total, size):
        yield start, min(size, total - start)


def list_declarations(env, rng, campaign, sellers, products, count, batch, progress):
    """``count`` declarations of distinct random (seller, product) pairs, each in its
    seller's township, submitted, verified, published to every channel of ``campaign`` and
    listed through the business methods, ``batch`` at a time (each committed). Returns
    {seller id: [declaration ids]}."""
    today = campaign.phase_ids.filtered(lambda p: p.phase_type == "implementation").date_start
    categories = ["vegetable", "livestock", "fruit"]
    channels = [Command.set(campaign.action_ids.ids)]
    seller_rows = [(s.id, s.xs_township_id.id) for s in sellers]
    product_ids = products.ids
    pairs = set()
    by_seller = {}
    done = 0
    since = time.time()
    for _start, size in batches(count, batch):
        vals = []
        while len(vals) < size:
            seller_id, township_id = seller_rows[rng.randrange(len(seller_rows))]
            product_id = product_ids[rng.randrange(len(product_ids))]
            if (seller_id, product_id) in pairs:
                continue
            pairs.add((seller_id, product_id))
            households = rng.randint(5, 300)
            vals.append(
                {
                    "campaign_id": campaign.id,
                    "township_id": township_id,
                    "seller_id": seller_id,
                    "product_id": product_id,
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
        declarations.write({"channel_action_ids": channels})
        declarations.action_list()
        for declaration_id, row in zip(declarations.ids, vals, strict=True):
            by_seller.setdefault(row["seller_id"], []).append(declaration_id)
        done += len(declarations)
        env.cr.commit()
        env.invalidate_all()  # keep the cache (and memory) to one batch
        progress("declarations listed", done, count, since)
    return by_seller
