"""The shop's load test (R27): a 12.12 rush of people browsing and buying at once against a
running Odoo (scripts/load_shop.sh starts it: nodes behind nginx, with or without a
PostgreSQL streaming replica serving the read-only pages).

Each person is a thread with its own web session, as a phone's browser: they log in through
/web/login, then, until the time is up, walk rounds of the shop. A round is either the
county's catalogue or, one round in ``--floor-every``, the floor: core eCommerce's own
cart and checkout of a plain product (no entry, no campaign), measured in the same run.
- catalogue round: the produce list, the list filtered by a township, an entry's page, add
  to cart, say whom they buy with, the checkout page, confirm (to the payment page), pay
  with the demo provider (the transaction route, which holds the entries' quantity, then
  the provider's answer), the confirmation, My Orders. Most rounds buy a plentiful entry;
  ``--scarce-share`` of them one of the scarce entries, so the last units are fought over.
- floor round: the product page, core's /shop/cart/update, then the same checkout, payment
  and confirmation.
A person thinks before each page (``--think``, uniform 0.5x-1.5x) and leaves when the time is
up, between two pages. Before the clock, everyone logs in and the first
``--warm-up-people`` walk one unmeasured round of each kind, so that every worker has
compiled its templates. A refused payment (sold out meanwhile) empties the cart, as the
person would.

Afterwards the database is checked in SQL: no entry oversold, every paid shop order is
confirmed and, once no order is pending, has its sellers' purchase lines, each entry's
confirmed lines counted once, no order charged for what sold out.

Prints throughput and p50/p95/p99 per page and the ratio of the shop's checkout pages to
the floor's; exits 1 on any HTTP error or failed check.

    python tests/load_shop.py --url http://127.0.0.1:8226 --db DB --setup load_shop_setup.json \
        --seconds 60 [--people 300] [--think 5] [--report report.json]
"""

import os
import re
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
import load_common as common

TX_ROUTE = re.compile(r'data-transaction-route="/shop/payment/transaction/(\d+)"')
ACCESS_TOKEN = re.compile(r'data-access-token="([^"]+)"')
AMOUNT = re.compile(r'data-amount="([^"]+)"')
# Pages whose ratio to the floor's same step the report gives.
CHECKOUT_STEPS = (
    "add to cart",
    "checkout",
    "payment page",
    "pay: hold",
    "pay: provider",
    "payment status",
    "pay: status",
    "confirmation",
)


class ShopStats(common.Stats):
    def __init__(self):
        super().__init__()
        self.paid = []  # (sale order id, floor?)
        self.refused = []  # (sale order id, message)


class Person(common.Client):
    landing = "/shop/produce"

    def request(self, page, method, path, **kwargs):
        response = super().request(page, method, path, **kwargs)
        # The shop's forms post the token of the last page, as a browser does.
        if response is not None and (token := common.CSRF.search(response.text)):
            self.csrf = token.group(1)
        return response

    def json(self, page, path, params):
        response = self.request(
            page, "POST", path, json={"jsonrpc": "2.0", "method": "call", "params": params}
        )
        if response is None:
            return None, "error"
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            return None, data.get("message") or body["error"].get("message", "?")
        return body.get("result"), ""

    def think(self):
        super().think()
        if self.measured and time.monotonic() >= self.deadline:
            # The time is up: the person leaves between two pages (a round in flight is
            # not finished: at saturation it would take minutes longer than the run).
            raise common.TimeUp()

    def browse(self, entry_id):
        self.think()
        self.request("produce list", "GET", "/shop/produce")
        self.think()
        township = self.rng.choice(self.setup["township_ids"])
        self.request("township filter", "GET", "/shop/produce", params={"township": township})
        self.think()
        self.request("entry page", "GET", f"/shop/produce/{entry_id}")

    def pay(self, prefix, floor):
        """Checkout, payment page, pay with the demo provider, confirmation."""
        self.think()
        if self.request(f"{prefix}checkout", "GET", "/shop/checkout") is None:
            return
        self.think()
        page = self.request(f"{prefix}payment page", "GET", "/shop/confirm_order")
        route = page is not None and TX_ROUTE.search(page.text)
        if not route:
            if page is not None:
                self.stats.error(f"{prefix}payment page", f"no payment form at {page.url}")
            return
        order_id = int(route.group(1))
        self.think()
        processing, refusal = self.json(
            f"{prefix}pay: hold",
            f"/shop/payment/transaction/{order_id}",
            {
                "provider_id": self.setup["provider_id"],
                "payment_method_id": self.setup["payment_method_id"],
                "token_id": None,
                "amount": float(AMOUNT.search(page.text).group(1)),
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": "/shop/payment/validate",
                "is_validation": False,
                "access_token": ACCESS_TOKEN.search(page.text).group(1),
            },
        )
        if processing is None:
            if refusal == "error":
                return
            with self.stats.lock:
                self.stats.refused.append((order_id, refusal))
            # Sold out meanwhile: the person empties the cart and goes on.
            self.json(f"{prefix}empty cart", "/shop/cart/clear", {})
            return
        _result, problem = self.json(
            f"{prefix}pay: provider",
            "/payment/demo/simulate_payment",
            {
                "reference": processing["reference"],
                "payment_details": "4242",
                "simulated_state": "done",
            },
        )
        if problem:
            self.stats.error(f"{prefix}pay: provider", problem)
            return
        # The payment's status page, as the browser shows it: polling it post-processes
        # the transaction (the order paid, the sellers' purchase orders asked for).
        self.request(f"{prefix}payment status", "GET", "/payment/status")
        _result, problem = self.json(f"{prefix}pay: status", "/payment/status/poll", {})
        if problem:
            self.stats.error(f"{prefix}pay: status", problem)
            return
        done = self.request(f"{prefix}confirmation", "GET", "/shop/payment/validate")
        if done is not None:
            with self.stats.lock:
                self.stats.paid.append((order_id, floor))

    def catalogue_round(self):
        setup = self.setup
        scarce = self.measured and self.rng.random() < self.args.scarce_share
        entry_id = self.rng.choice(setup["scarce_ids"] if scarce else setup["plenty_ids"])
        self.browse(entry_id)
        self.think()
        added = self.request(
            "add to cart",
            "POST",
            f"/shop/produce/{entry_id}/add",
            data={"csrf_token": self.csrf, "add_qty": "1"},
        )
        if added is None:
            return
        self.think()
        buy_with = self.rng.choice(("individual", "dezhou"))
        self.request(
            "buy with",
            "POST",
            "/shop/buy_with",
            data={"csrf_token": self.csrf, "buy_with": buy_with},
        )
        self.pay("", floor=False)
        self.think()
        self.request("my orders", "GET", "/my/orders")

    def floor_round(self):
        product_id = self.setup["floor_product_id"]
        self.think()
        self.request(
            "floor: product page", "GET", f"/shop/product/{self.setup['floor_template_id']}"
        )
        self.think()
        added = self.request(
            "floor: add to cart",
            "POST",
            "/shop/cart/update",
            data={"csrf_token": self.csrf, "product_id": product_id, "add_qty": "1"},
        )
        if added is None:
            return
        self.pay("floor: ", floor=True)

    def warm_up(self):
        # The first few people warm every worker up.
        if self.index < self.args.warm_up_people:
            self.catalogue_round()
            self.floor_round()

    def load(self):
        rounds = 0
        while time.monotonic() < self.deadline:
            rounds += 1
            # Spread the floor rounds over people and time.
            if (rounds + self.index) % self.args.floor_every == 0:
                self.floor_round()
            else:
                self.catalogue_round()


def wait_for_purchases(cr, orders, wait):
    """Seconds until no paid shop order waits for its sellers' purchase orders, or None."""
    start = time.monotonic()
    while True:
        cr.execute(
            "SELECT count(*) FROM sale_order WHERE id = ANY(%s) AND xs_purchase_pending",
            [orders],
        )
        if not cr.fetchone()[0]:
            return time.monotonic() - start
        if time.monotonic() - start > wait:
            return None
        time.sleep(1)


def check_database(args, setup, stats):
    problems = []
    shop_orders = [order_id for order_id, floor in stats.paid if not floor]
    conn = psycopg2.connect(dbname=args.db)
    conn.autocommit = True
    with conn, conn.cursor() as cr:
        waited = wait_for_purchases(cr, shop_orders, args.purchase_wait) if shop_orders else 0
        if waited is None:
            problems.append(f"purchase orders still pending {args.purchase_wait} s after the load")
        entries = setup["scarce_ids"] + setup["plenty_ids"]
        # No entry oversold: what its confirmed lines hold against what was declared.
        cr.execute(
            """
            SELECT d.id, d.quantity, COALESCE(SUM(l.product_uom_qty), 0)
              FROM xs_surplus_declaration d
              LEFT JOIN sale_order_line l ON l.xs_declaration_id = d.id
              LEFT JOIN sale_order o ON o.id = l.order_id AND o.state = 'sale'
             WHERE d.id = ANY(%s) AND (l.id IS NULL OR o.id IS NOT NULL)
             GROUP BY d.id, d.quantity
            """,
            [entries],
        )
        scarce = []
        for entry_id, quantity, ordered in cr.fetchall():
            if ordered > quantity:
                problems.append(f"entry {entry_id} oversold: {ordered} of {quantity}")
            if entry_id in setup["scarce_ids"]:
                scarce.append((entry_id, quantity, ordered))
        if shop_orders:
            # Every paid order confirmed, with each entry line's purchase line.
            cr.execute(
                """
                SELECT o.id, o.state,
                       COUNT(l.id) FILTER (WHERE l.xs_declaration_id IS NOT NULL),
                       COUNT(DISTINCT pl.sale_line_id)
                  FROM sale_order o
                  JOIN sale_order_line l ON l.order_id = o.id
                  LEFT JOIN purchase_order_line pl ON pl.sale_line_id = l.id
                 WHERE o.id = ANY(%s)
                 GROUP BY o.id, o.state
                """,
                [shop_orders],
            )
            for order_id, state, lines, purchased in cr.fetchall():
                if state != "sale":
                    problems.append(f"paid order {order_id} is {state}")
                elif purchased != lines:
                    problems.append(f"paid order {order_id}: {purchased} of {lines} lines bought")
            # Counted once: each paid entry line once in the counted-sales view (R22).
            cr.execute("SELECT to_regclass('xs_sales_analysis')")
            if cr.fetchone()[0]:
                cr.execute(
                    """
                    SELECT l.id, COUNT(a.sale_line_id)
                      FROM sale_order_line l
                      LEFT JOIN xs_sales_analysis a ON a.sale_line_id = l.id
                     WHERE l.order_id = ANY(%s) AND l.xs_declaration_id IS NOT NULL
                     GROUP BY l.id
                    HAVING COUNT(a.sale_line_id) <> 1
                    """,
                    [shop_orders],
                )
                problems += [f"line {line} counted {n} times" for line, n in cr.fetchall()]
        # Nothing charged for what sold out: a refused order has no done transaction.
        refused = [order_id for order_id, _m in stats.refused]
        if refused:
            cr.execute(
                """
                SELECT DISTINCT r.sale_order_id
                  FROM sale_order_transaction_rel r
                  JOIN payment_transaction t ON t.id = r.transaction_id
                 WHERE r.sale_order_id = ANY(%s) AND t.state = 'done'
                """,
                [refused],
            )
            problems += [f"order {o} refused yet charged" for (o,) in cr.fetchall()]
    conn.close()
    return problems, scarce, waited


def replica_share(args):
    """Share of the statements the database servers ran for the run's database that the
    replica ran (pg_stat_statements on each; reset by scripts/load_shop.sh first)."""
    counts = {}
    for name, port in (("primary", args.primary_port), ("replica", args.replica_port)):
        if not port:
            continue
        conn = psycopg2.connect(dbname=args.db, port=port)
        with conn, conn.cursor() as cr:
            cr.execute(
                """
                SELECT COALESCE(SUM(s.calls), 0)
                  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = %s
                """,
                [args.db],
            )
            counts[name] = int(cr.fetchone()[0])
        conn.close()
    return counts


def summarize(args, stats, elapsed, load, people):
    common.headline(args, f"{people} people", elapsed)
    print(
        f"think time {args.think:g} s; one round in {args.floor_every} is core's checkout (floor)"
    )
    report = {
        "people": people,
        "seconds": elapsed,
        "think": args.think,
        "pages": common.page_table(stats),
    }
    timed = sum(len(d) for d in stats.durations.values())
    shop_paid = sum(1 for _o, floor in stats.paid if not floor)
    floor_paid = len(stats.paid) - shop_paid
    report.update(
        throughput=timed / elapsed,
        shop_orders_paid=shop_paid,
        floor_orders_paid=floor_paid,
        refused=len(stats.refused),
        paid_per_minute=60 * len(stats.paid) / elapsed,
    )
    print(
        f"throughput {timed / elapsed:.1f} requests/s, {60 * len(stats.paid) / elapsed:.0f} "
        f"orders paid a minute; shop orders paid {shop_paid}, sold out at payment "
        f"{len(stats.refused)}; core checkout orders paid {floor_paid}"
    )
    ratios = {}
    for step in CHECKOUT_STEPS:
        mine, floor = report["pages"].get(step), report["pages"].get(f"floor: {step}")
        if mine and floor:
            ratios[step] = {q: mine[q] / floor[q] for q in ("p50", "p95")}
            print(f"{step} / core's: p50 {ratios[step]['p50']:.2f}, p95 {ratios[step]['p95']:.2f}")
    report["ratio_to_floor"] = ratios
    common.load_average(report, load, "load average")
    for message in sorted({m for _o, m in stats.refused})[:3]:
        print(f"  sold out at payment: {message[:150]}")
    return report, common.listed_errors(stats)


def parse_args():
    parser = common.arguments(__doc__.split("\n\n")[0], "data/load_shop_setup.py")
    parser.add_argument("--people", type=int, help="default: every person of the set-up")
    parser.add_argument("--scarce-share", type=float, default=0.2)
    parser.add_argument("--floor-every", type=int, default=4)
    parser.add_argument(
        "--ramp", type=float, default=60, help="seconds over which people arrive and log in"
    )
    parser.add_argument(
        "--warm-up-people",
        type=int,
        default=16,
        help="how many people walk an unmeasured round first (default: %(default)s)",
    )
    parser.add_argument("--purchase-wait", type=float, default=120)
    parser.add_argument("--primary-port", type=int, help="for pg_stat_statements")
    parser.add_argument("--replica-port", type=int, help="for pg_stat_statements")
    return parser.parse_args()


def main():
    args = parse_args()
    setup, logins = common.read_setup(args.setup, args.people)
    stats = ShopStats()
    elapsed, load = common.run(args, Person, setup, logins, stats, ramp=args.ramp)
    report, errors = summarize(args, stats, elapsed, load, len(logins))
    problems, scarce, waited = check_database(args, setup, stats)
    for entry_id, quantity, ordered in scarce:
        print(f"scarce entry {entry_id}: declared {quantity}, sold {ordered}")
    if waited is not None:
        print(f"every paid shop order had its purchase orders {waited:.1f} s after the load")
    if args.primary_port:
        counts = replica_share(args)
        total = sum(counts.values())
        share = counts.get("replica", 0) / total if total else 0.0
        report["statements"] = counts | {"replica_share": share}
        print(
            f"statements: primary {counts.get('primary', 0)}, replica {counts.get('replica', 0)}"
            f" ({100 * share:.0f}% on the replica)"
        )
    common.finish(
        args,
        report,
        errors,
        problems,
        "nothing oversold, every paid order confirmed with its purchase lines, counted once, "
        "nothing charged for what sold out",
    )
    return 1 if errors or problems or not stats.paid else 0


if __name__ == "__main__":
    sys.exit(main())
