"""Benchmarks against a running server holding benchmark data (scripts/bench.sh).

Times what users wait for on a county-sized campaign, as real clients over HTTP, and fails
when one exceeds its budget (seconds, generous for a shared 2-CPU machine):

    XS_URL=http://127.0.0.1:8179 XS_DB=xs_bench python tests/benchmark.py
"""

import os
import re
import statistics
import sys
import time

from conftest import OdooClient

URL, DB = os.environ["XS_URL"], os.environ["XS_DB"]
BUDGET = {
    "dashboard pivot (action x township)": 3.0,
    "campaign progress figures": 3.0,
    "rankings (top 10 each)": 3.0,
    "summary return (Excel)": 10.0,
    "buyer catalogue page": 3.0,
    "buyer places an order": 5.0,
    "buyer's order until its sellers' purchase orders exist": 10.0,
    "finance: sellers still unpaid": 3.0,
}


def timed(name, func, runs=3):
    durations = []
    for _i in range(runs):
        start = time.perf_counter()
        func()
        durations.append(time.perf_counter() - start)
    return name, statistics.median(durations)


def main():
    county, finance, buyer = (
        OdooClient(URL, DB, u, "demo") for u in ("county", "finance", "buyer")
    )
    campaigns = county.call("xs.campaign", "search_read", [], ["implementation_open"])
    campaign = next(c["id"] for c in campaigns if c["implementation_open"])
    lines = county.call("xs.sales.analysis", "search_count", [["campaign_id", "=", campaign]])
    listed = county.call("xs.surplus.declaration", "search_count", [["state", "=", "listed"]])
    print(f"benchmark database: {lines} confirmed sale lines, {listed} catalogue entries")

    def catalogue():
        page = buyer.session.get(URL + "/my/catalogue", timeout=60)
        assert page.status_code == 200
        return page

    def place_order():
        page = catalogue().text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        entry = re.search(r'name="qty_(\d+)"', page).group(1)
        response = buyer.session.post(
            URL + "/my/catalogue/order",
            data={"csrf_token": csrf, f"qty_{entry}": "1"},
            timeout=120,
        )
        assert "/my/orders/" in response.url, response.url
        return int(re.search(r"/my/orders/(\d+)", response.url).group(1))

    def order_and_purchases(timeout=60):
        # The sellers' purchase orders come from the scheduled job the order triggers (the
        # server runs Odoo's default cron threads): the order placed, then until they exist.
        order_id = place_order()
        deadline = time.monotonic() + timeout
        while county.call("sale.order", "read", [order_id], ["xs_purchase_pending"])[0][
            "xs_purchase_pending"
        ]:
            assert time.monotonic() < deadline, f"order {order_id}: no purchase orders"
            time.sleep(0.05)

    def summary_return():
        response = county.session.get(
            f"{URL}/report/xlsx/xs_reporting.summary_return_xlsx/{campaign}", timeout=120
        )
        assert response.content.startswith(b"PK")

    results = [
        timed(
            "dashboard pivot (action x township)",
            lambda: county.call(
                "xs.sales.analysis",
                "read_group",
                [["campaign_id", "=", campaign]],
                ["amount_counted:sum"],
                ["action_id", "township_id"],
                lazy=False,
            ),
        ),
        timed(
            "campaign progress figures",
            lambda: county.call(
                "xs.campaign",
                "read",
                [campaign],
                ["xs_amount_counted", "xs_surplus_sold_rate", "xs_households_reached"],
            ),
        ),
        timed(
            "rankings (top 10 each)",
            lambda: county.call(
                "xs.ranking",
                "search_read",
                [["campaign_id", "=", campaign], ["rank", "<=", 10]],
                ["dimension", "rank", "name", "amount_counted"],
            ),
        ),
        timed("summary return (Excel)", summary_return, runs=1),
        timed("buyer catalogue page", catalogue),
        timed("buyer places an order", place_order),
        timed("buyer's order until its sellers' purchase orders exist", order_and_purchases),
        timed(
            "finance: sellers still unpaid",
            lambda: finance.call(
                "xs.reconciliation.line",
                "search_read",
                [["seller_unpaid", "=", True]],
                ["seller_id", "amount_unpaid"],
                limit=80,
            ),
        ),
    ]
    failed = 0
    for name, seconds in results:
        over = seconds > BUDGET[name]
        failed += over
        print(
            f"{'OVER' if over else 'ok':4} {seconds:7.3f} s  (budget {BUDGET[name]:.0f} s)  {name}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
