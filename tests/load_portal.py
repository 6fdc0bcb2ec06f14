"""Portal load test: many buyers at once against a running Odoo (scripts/load.sh starts it).

Each buyer is a thread with its own web session, as a browser: it logs in through
/web/login (CSRF token from the form), then, until the time is up, browses the catalogue,
searches it, opens its second page, orders one unit of a scarce entry that every buyer
orders too, opens its orders and the order it placed. A burst first: every buyer orders
the same scarce entry at the same moment. Afterwards the database is checked in SQL:
no entry oversold (nor its stored figure drifting from its lines), no order placed twice
for one request, no order behind a refusal, every confirmed line with its purchase line.

A portal order is confirmed without its sellers' purchase orders: the scheduled job
triggered by each order makes them right after (``sale.order.xs_purchase_pending`` until
then; the nodes run a cron worker each). So the checks first wait, polling, until no
order is pending (at most ``--purchase-wait`` seconds: still pending then fails the run),
and the report says how long the sellers waited: for each order placed in the run, from
the start of its request's transaction (the order's create_date) to the transaction that
made its sellers' purchase lines (their create_date), p50/p95/max, and how long after
the end of the load the last of them appeared. An order the job set aside (its purchase
orders refused: a warning activity and a note saying they "could not be created") fails
the run.

The load model:
- Warm-up before the clock starts (standard practice in load testing: steady state, not
  start-up, is measured): each buyer logs in and runs one unmeasured round of every page,
  ordering one unit of a plentiful entry, so that every worker has compiled its templates
  and filled its caches for each kind of request. Its orders are checked after the load
  like the others; an error during it fails the run too. ``--no-warm-up`` measures cold
  workers.
- Think time (``--think``, seconds): a buyer's pause before each page, drawn uniformly
  between 0.5x and 1.5x the mean, as a person reads a page before the next click; a
  round started before the time is up ends at that pace. The
  default, 5 s, is a quick canteen buyer: reading a page of 80 entries, typing a search
  or a quantity takes a person longer, so 30 buyers at 5 s load the server like a county's
  worth of real ones. ``--think 0`` is the stress figure: a closed loop of buyers firing
  requests back to back saturates the server, and by Little's law every page then waits
  about buyers / throughput seconds, whatever it costs alone.
- The burst ignores think time: at the start of the clock every buyer orders the first
  scarce entry at the same moment.
Odoo's own My Orders page (/my/orders) is the reference page: the report gives order p95
as a ratio to it, measured in the same run.

    python tests/load_portal.py --url http://127.0.0.1:8216 --db DB --setup load_setup.json \
        --seconds 60 [--think 5] [--report report.json]

Prints throughput and p50/p95/p99 per page; exits 1 on any HTTP 500 (or other error) or
failed check, or when --max-order-p95 is given and order placement is slower.
"""

import os
import re
import statistics
import sys
import time
from collections import defaultdict

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
import load_common as common

ORDER_URL = re.compile(r"/my/orders/(\d+)")
ALERT = re.compile(r'id="xs_order_error"[^>]*>(.*?)</div>', re.DOTALL)


class BuyerStats(common.Stats):
    def __init__(self):
        super().__init__()
        self.outcomes = defaultdict(list)  # order durations by outcome: placed, refused
        self.orders = []  # (ref, order id or None, message, measured)
        self.burst = set()  # refs of the burst's orders


class Buyer(common.Client):
    role = "buyer"
    landing = "/my/catalogue"

    def __init__(self, *args):
        super().__init__(*args)
        self.count = 0
        self.last_order = None

    def order(self, entry_id, page="order"):
        self.count += 1
        ref = f"load-{self.setup['tag']}-{self.index:03d}-{self.count:04d}"
        response = self.request(
            page,
            "POST",
            "/my/catalogue/order",
            data={"csrf_token": self.csrf, f"qty_{entry_id}": "1", "note": ref},
        )
        if response is None:
            outcome = (ref, None, "error", self.measured)
        elif match := ORDER_URL.search(response.url):
            outcome = (ref, int(match.group(1)), "", self.measured)
            self.last_order = match.group(1)
        else:
            alert = ALERT.search(response.text)
            if not alert:
                self.stats.error(page, "neither an order nor a refusal")
            message = re.sub(r"\s+", " ", alert.group(1)).strip() if alert else "?"
            outcome = (ref, None, message, self.measured)
        with self.stats.lock:
            self.stats.orders.append(outcome)
            if page == "order (burst)":
                self.stats.burst.add(ref)
            if response is not None and self.measured:
                kind = "placed" if outcome[1] else "refused"
                self.stats.outcomes[f"{page}: {kind}"].append(self.elapsed)
                if response.history:  # placed: the POST's answer, before the order's page
                    confirmed = response.history[0].elapsed.total_seconds()
                    self.stats.outcomes[f"{page}: {kind}, POST"].append(confirmed)

    def round(self):
        """One round of every page, the buyer thinking before each."""
        scarce, plenty = self.setup["scarce_ids"], self.setup["plenty_ids"]
        self.think()
        catalogue = self.request("catalogue", "GET", "/my/catalogue")
        if catalogue is not None and (token := common.CSRF.search(catalogue.text)):
            self.csrf = token.group(1)
        self.think()
        # The set-up's entries: its tag is in their product and seller names.
        self.request("search", "GET", "/my/catalogue", params={"search": self.setup["tag"]})
        self.think()
        self.request("catalogue page 2", "GET", "/my/catalogue/page/2")
        self.think()
        if not self.measured:
            entry = self.rng.choice(plenty)  # warm-up: an order that is placed
        else:
            entry = self.rng.choice(scarce if self.rng.random() < 0.8 else plenty)
        self.order(entry)
        self.think()
        self.request("my orders", "GET", "/my/orders")
        if self.last_order:
            self.think()
            self.request("open order", "GET", f"/my/orders/{self.last_order}")

    def warm_up(self):
        self.round()

    def load(self):
        # The burst: every buyer orders the first scarce entry at the same moment.
        self.order(self.setup["scarce_ids"][0], page="order (burst)")
        cycles = 0
        # At least one full round of pages each, however slow the burst was. A round
        # started before the time is up ends with its pauses: cut short, every buyer would
        # fire its last pages at the same moment, at the deadline.
        while not cycles or time.monotonic() < self.deadline:
            cycles += 1
            self.round()


def has_pending_flag(cr):
    """Whether portal orders leave their purchase orders to the scheduled job (the current
    code): without the field, an order made them itself."""
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'sale_order' AND column_name = 'xs_purchase_pending'"""
    )
    return bool(cr.fetchone())


def wait_for_purchases(args, load_end):
    """Poll until no order waits for its sellers' purchase orders (the scheduled job makes
    them), for at most --purchase-wait seconds. Returns the orders still pending (0 when
    none) and the seconds from the end of the load until none was, as seen from here."""
    cnx = psycopg2.connect(dbname=args.db)
    cnx.autocommit = True  # a fresh snapshot at every poll
    try:
        with cnx.cursor() as cr:
            if not has_pending_flag(cr):
                return 0, None
            while True:
                cr.execute("SELECT count(*) FROM sale_order WHERE xs_purchase_pending")
                pending = cr.fetchone()[0]
                waited = time.time() - load_end
                if not pending or waited > args.purchase_wait:
                    return pending, waited
                time.sleep(0.25)
    finally:
        cnx.close()


def seller_waits(cr, setup, stats, load_end):
    """How long the sellers waited for the orders placed in the run (warm-up excluded):
    from the start of the order's transaction (its create_date: the buyer's request) to the
    transaction that created its sellers' purchase lines (the last of them), and when the
    last purchase line of the run appeared, from the end of the load. Orders set aside by
    the scheduled job (a warning activity on the order) are returned apart."""
    refs = [ref for ref, order_id, _m, measured in stats.orders if order_id and measured]
    cr.execute(
        """
        SELECT o.client_order_ref, EXTRACT(EPOCH FROM max(pl.create_date) - o.create_date),
               EXTRACT(EPOCH FROM max(pl.create_date) - (to_timestamp(%s) AT TIME ZONE 'UTC'))
          FROM sale_order o
          JOIN sale_order_line l ON l.order_id = o.id
          JOIN purchase_order_line pl ON pl.sale_line_id = l.id
         WHERE o.client_order_ref = ANY(%s)
         GROUP BY o.id
        """,
        [load_end, refs],
    )
    rows = cr.fetchall()
    cr.execute(
        """
        SELECT o.name, a.summary FROM mail_activity a
          JOIN sale_order o ON o.id = a.res_id AND a.res_model = 'sale.order'
          JOIN ir_model_data d ON d.model = 'mail.activity.type'
               AND d.res_id = a.activity_type_id
               AND d.module = 'mail' AND d.name = 'mail_activity_data_warning'
         WHERE o.client_order_ref LIKE %s
        """,
        [f"load-{setup['tag']}-%"],
    )
    set_aside = [f"{name}: {summary}" for name, summary in cr.fetchall()]
    waits = [float(wait) for _ref, wait, _after in rows]
    figures = {"orders": len(refs), "with purchase lines": len(rows)}
    if waits:
        figures.update(
            p50=statistics.median(waits),
            p95=common.percentile(waits, 95),
            max=max(waits),
            last_after_load=max(float(after) for _ref, _w, after in rows),
        )
        # The burst's winners queue for the entry, then wait for one run of the job over
        # them all; the orders after it are the steady state.
        for part, burst in (("burst", True), ("after the burst", False)):
            part_waits = [float(w) for ref, w, _a in rows if (ref in stats.burst) == burst]
            if part_waits:
                figures[part] = {
                    "n": len(part_waits),
                    "p50": statistics.median(part_waits),
                    "p95": common.percentile(part_waits, 95),
                    "max": max(part_waits),
                }
    return figures, set_aside


def check_database(args, setup, stats, load_end):
    """What must hold after the load, read straight from PostgreSQL."""
    problems = []
    pending, drained = wait_for_purchases(args, load_end)
    if pending:
        problems.append(
            f"{pending} portal orders still without their sellers' purchase orders "
            f"{args.purchase_wait:g} s after the load (xs_purchase_pending: does a node "
            "run a cron worker?)"
        )
    with psycopg2.connect(dbname=args.db) as cnx, cnx.cursor() as cr:
        sellers = None
        if has_pending_flag(cr):
            sellers, set_aside = seller_waits(cr, setup, stats, load_end)
            sellers["none pending after load"] = None if pending else drained
            problems += [
                f"set aside by the scheduled job (purchase orders could not be created): {a}"
                for a in set_aside
            ]
        # No entry oversold, and the stored ordered quantity equals the confirmed lines.
        cr.execute(
            """
            SELECT d.id, d.quantity, d.qty_ordered,
                   COALESCE(SUM(l.product_uom_qty / lu.factor * du.factor), 0)
              FROM xs_surplus_declaration d
              JOIN uom_uom du ON du.id = d.uom_id
              LEFT JOIN sale_order_line l ON l.xs_declaration_id = d.id AND l.state = 'sale'
              LEFT JOIN uom_uom lu ON lu.id = l.product_uom
             GROUP BY d.id
            HAVING COALESCE(SUM(l.product_uom_qty / lu.factor * du.factor), 0) > d.quantity + 1e-6
                OR abs(COALESCE(SUM(l.product_uom_qty / lu.factor * du.factor), 0)
                       - d.qty_ordered) > 1e-6
            """
        )
        for row in cr.fetchall():
            problems.append(f"entry {row[0]}: declared {row[1]}, stored {row[2]}, lines {row[3]}")
        # One order per request: a retried request must not leave two orders behind.
        cr.execute(
            """SELECT client_order_ref, array_agg(id) FROM sale_order
                WHERE client_order_ref LIKE %s GROUP BY 1 HAVING count(*) > 1""",
            [f"load-{setup['tag']}-%"],
        )
        problems += [f"{ref} placed twice: orders {ids}" for ref, ids in cr.fetchall()]
        cr.execute(
            "SELECT client_order_ref, id, state FROM sale_order WHERE client_order_ref LIKE %s",
            [f"load-{setup['tag']}-%"],
        )
        in_db = {ref: (order_id, state) for ref, order_id, state in cr.fetchall()}
        for ref, order_id, message, _measured in stats.orders:
            if order_id and in_db.get(ref) != (order_id, "sale"):
                problems.append(
                    f"{ref}: the buyer saw order {order_id}, the database {in_db.get(ref)}"
                )
            if not order_id and message != "error" and ref in in_db:
                problems.append(f"{ref}: refused ({message}) but order {in_db[ref]} exists")
        # Counted once: each confirmed line at most once in the counted-sales view.
        cr.execute("SELECT to_regclass('xs_sales_analysis')")
        if cr.fetchone()[0]:
            cr.execute(
                """SELECT sale_line_id FROM xs_sales_analysis WHERE sale_line_id IS NOT NULL
                    GROUP BY sale_line_id HAVING count(*) > 1 LIMIT 10"""
            )
            problems += [f"sale line {r[0]} counted twice" for r in cr.fetchall()]
        # Every confirmed catalogue line has its purchase line (dropship to the seller).
        cr.execute(
            """
            SELECT l.id, o.name FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
             WHERE o.state = 'sale' AND l.xs_declaration_id IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM purchase_order_line p JOIN purchase_order po ON po.id = p.order_id
                    WHERE p.sale_line_id = l.id AND po.state != 'cancel')
             LIMIT 10
            """
        )
        problems += [
            f"{name} line {line_id} has no purchase line" for line_id, name in cr.fetchall()
        ]
        cr.execute(
            """SELECT d.id, d.quantity, d.qty_ordered, d.state FROM xs_surplus_declaration d
                WHERE d.id = ANY(%s)""",
            [setup["scarce_ids"]],
        )
        scarce = cr.fetchall()
    return problems, scarce, sellers


def parse_args():
    parser = common.arguments(__doc__.split("\n\n")[0], "data/load_setup.py")
    parser.add_argument("--buyers", type=int, help="default: every buyer of the set-up")
    parser.add_argument("--max-order-p95", type=float, help="seconds; fail above")
    parser.add_argument(
        "--purchase-wait",
        type=float,
        default=60,
        help="after the load, seconds to wait for the scheduled job to make the sellers' "
        "purchase orders of every portal order; still pending then fails (default: %(default)s)",
    )
    return parser.parse_args()


def summarize(args, stats, elapsed, load, buyers):
    """Print the figures per page; return them and the errors."""
    common.headline(args, f"{buyers} buyers", elapsed)
    print(
        f"think time {args.think:g} s (uniform {args.think * 0.5:g}-{args.think * 1.5:g} s before "
        f"each page); {'warm workers (one unmeasured round first)' if args.warm_up else 'cold'}"
    )
    report = {
        "buyers": buyers,
        "seconds": elapsed,
        "think": args.think,
        "warm_up": args.warm_up,
        "pages": common.page_table(stats),
        "orders_by_outcome": {},
    }
    for outcome in sorted(stats.outcomes):  # the same orders, by what the buyer got
        figures = common.row(stats.outcomes[outcome])
        report["orders_by_outcome"][outcome] = figures
        print(common.figures_line(f"  {outcome}", figures))
    timed = sum(len(d) for d in stats.durations.values())
    measured = [o for o in stats.orders if o[3]]
    placed = sum(1 for _r, order_id, _m, _x in measured if order_id)
    refused = sum(1 for _r, order_id, m, _x in measured if not order_id and m != "error")
    report.update(throughput=timed / elapsed, orders_placed=placed, orders_refused=refused)
    print(f"throughput {timed / elapsed:.1f} requests/s; orders placed {placed}, refused {refused}")
    # Odoo's own My Orders page, measured in the same run, is the reference.
    reference = report["pages"].get("my orders", {}).get("p95")
    for page in ("order", "order (burst)"):
        if reference and page in report["pages"]:
            ratio = report["pages"][page]["p95"] / reference
            report[f"{page} p95 / my orders p95"] = ratio
            print(f"{page} p95 / my orders p95 (Odoo's own page): {ratio:.1f}")
    common.load_average(report, load, "load average during the run")
    refusals = sorted({m for _r, order_id, m, _x in stats.orders if not order_id})
    for message in refusals[:5]:
        print(f"  refusal: {message[:150]}")
    return report, common.listed_errors(stats)


def main():
    args = parse_args()
    setup, logins = common.read_setup(args.setup, args.buyers)
    stats = BuyerStats()
    elapsed, load = common.run(args, Buyer, setup, logins, stats)
    load_end = time.time()
    report, errors = summarize(args, stats, elapsed, load, len(logins))
    problems, scarce, sellers = check_database(args, setup, stats, load_end)
    for entry_id, quantity, ordered, state in scarce:
        print(f"scarce entry {entry_id}: declared {quantity}, ordered {ordered}, {state}")
    if sellers is not None:
        report["sellers_purchase_orders"] = sellers
        print(
            f"sellers' purchase orders (the scheduled job), {sellers['with purchase lines']} "
            f"of the {sellers['orders']} orders placed in the run: "
            + (
                f"made p50 {sellers['p50']:.2f} s, p95 {sellers['p95']:.2f} s, max "
                f"{sellers['max']:.2f} s after the order's request started; the last "
                f"{sellers['last_after_load']:+.2f} s from the end of the load"
                if "p50" in sellers
                else "none made"
            )
            + (
                f"; none pending {sellers['none pending after load']:.1f} s after it"
                if sellers["none pending after load"] is not None
                else ""
            )
        )
        for part in ("burst", "after the burst"):
            if part in sellers:
                figures = sellers[part]
                print(
                    f"  {part}: {figures['n']} orders, p50 {figures['p50']:.2f} s, "
                    f"p95 {figures['p95']:.2f} s, max {figures['max']:.2f} s"
                )
    common.finish(
        args,
        report,
        errors,
        problems,
        "no entry oversold, one order per request, none behind a refusal, counted once, "
        "every confirmed line has its purchase line once no order is pending, none set aside",
    )
    slow = False
    if args.max_order_p95:
        order_times = stats.durations["order"] + stats.durations["order (burst)"]
        slow = bool(order_times) and common.percentile(order_times, 95) > args.max_order_p95
        if slow:
            print(f"order p95 over {args.max_order_p95} s")
    return 1 if errors or problems or slow or not stats.orders else 0


if __name__ == "__main__":
    sys.exit(main())
