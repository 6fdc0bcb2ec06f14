"""End-to-end checks of the demo database through the web client's JSON-RPC.

Requirements: R4, R8, R9, R10, R11, R14, R18, R20, R21.
"""

import io
import re
import time

import pytest
from conftest import RpcError
from openpyxl import load_workbook


def test_r21_demo_speaks_chinese(login):
    township = login("township")
    assert township.context["lang"] == "zh_CN"
    assert township.context["tz"] == "Asia/Shanghai"
    fields = township.call(
        "xs.surplus.declaration",
        "fields_get",
        ["state", "poverty_household_count"],
        attributes=["string", "selection"],
    )
    assert fields["poverty_household_count"]["string"] == "脱贫户数"
    states = dict(fields["state"]["selection"])
    assert states["verified"] == "已审核"
    menus = township.call("ir.ui.menu", "load_menus", False)
    names = {m["name"] for m in menus.values() if isinstance(m, dict) and m.get("name")}
    assert "消费帮扶" in names
    company = login("admin", "admin").call(
        "res.company", "search_read", [], ["name", "currency_id"]
    )
    platform = [c for c in company if c["name"] == "秀山县消费帮扶平台"]
    assert platform and platform[0]["currency_id"][1] == "CNY"


def test_r20_township_user_sees_own_townships_only(login):
    township = login("township")
    rows = township.call("xs.surplus.declaration", "search_read", [], ["township_id"])
    assert rows, "the demo township user has declarations"
    assert {r["township_id"][1] for r in rows} <= {"隘口镇", "洪安镇"}
    county = login("county")
    assert county.call("xs.surplus.declaration", "search_count", []) > len(rows)
    # Another township's declaration is out of reach, even by id.
    others = county.call("xs.surplus.declaration", "search", [["township_id.name", "=", "龙池镇"]])
    with pytest.raises(RpcError) as err:
        township.call("xs.surplus.declaration", "read", others, ["quantity"])
    assert err.value.name == "odoo.exceptions.AccessError"


def test_r8_r10_demo_catalogue_and_orders_in_every_state(login):
    county = login("county")
    states = county.call("xs.surplus.declaration", "read_group", [], ["state"], ["state"])
    by_state = {g["state"]: g["state_count"] for g in states}
    assert {"draft", "submitted", "verified", "listed", "sold_out"} <= set(by_state)
    orders = county.call(
        "sale.order",
        "search_read",
        [["xs_campaign_id", "!=", False]],
        ["state", "invoice_status", "delivery_status"],
    )
    assert {o["state"] for o in orders} >= {"draft", "sale", "cancel"}
    assert any(o["invoice_status"] == "invoiced" for o in orders)
    assert any(o["delivery_status"] == "full" for o in orders)
    finance = login("finance")
    unpaid = finance.call(
        "xs.reconciliation.line", "search_read", [["seller_unpaid", "=", True]], ["seller_id"]
    )
    paid = finance.call(
        "xs.reconciliation.line", "search_read", [["seller_unpaid", "=", False]], ["seller_id"]
    )
    assert unpaid and paid


def test_r10_order_over_rpc_buys_from_the_declaring_seller(login):
    county = login("county")
    entry = county.call(
        "xs.surplus.declaration",
        "search_read",
        [["state", "=", "listed"], ["channel_action_ids.action_type", "=", "school"]],
        ["qty_remaining", "seller_id", "campaign_id"],
        limit=1,
    )[0]
    school = county.call("res.partner", "search", [["xs_buyer_category", "=", "school"]], limit=1)[
        0
    ]
    order_id = county.call(
        "sale.order",
        "create",
        {
            "partner_id": school,
            "xs_campaign_id": entry["campaign_id"][0],
            "order_line": [[0, 0, {"xs_declaration_id": entry["id"], "product_uom_qty": 10}]],
        },
    )
    county.call("sale.order", "action_confirm", [order_id])
    lines = county.call(
        "sale.order.line", "search_read", [["order_id", "=", order_id]], ["purchase_line_ids"]
    )
    purchase_lines = county.call(
        "purchase.order.line",
        "read",
        lines[0]["purchase_line_ids"],
        ["partner_id", "product_qty", "xs_declaration_id"],
    )
    assert [
        (p["partner_id"][0], p["product_qty"], p["xs_declaration_id"][0]) for p in purchase_lines
    ] == [(entry["seller_id"][0], 10, entry["id"])]
    after = county.call("xs.surplus.declaration", "read", [entry["id"]], ["qty_remaining"])[0]
    assert after["qty_remaining"] == entry["qty_remaining"] - 10
    # Beyond what remains: refused, nothing changes.
    too_much = county.call(
        "sale.order",
        "create",
        {
            "partner_id": school,
            "xs_campaign_id": entry["campaign_id"][0],
            "order_line": [
                [
                    0,
                    0,
                    {
                        "xs_declaration_id": entry["id"],
                        "product_uom_qty": after["qty_remaining"] + 1,
                    },
                ]
            ],
        },
    )
    with pytest.raises(RpcError) as err:
        county.call("sale.order", "action_confirm", [too_much])
    assert err.value.name == "odoo.exceptions.UserError"
    assert county.call("sale.order", "read", [too_much], ["state"])[0]["state"] == "draft"


def test_r9_portal_buyer_follows_its_commitments(login):
    buyer = login("buyer")
    page = buyer.session.get(buyer.url + "/my/commitments", timeout=60)
    assert page.status_code == 200
    county = login("county")
    mine = county.call(
        "xs.buyer.commitment", "search_read", [["buyer_id.name", "=", "秀山高级中学"]], ["name"]
    )
    others = county.call(
        "xs.buyer.commitment",
        "search_read",
        [["buyer_id.name", "!=", "秀山高级中学"], ["state", "=", "confirmed"]],
        ["name"],
    )
    assert mine and others
    assert all(c["name"] in page.text for c in mine)
    assert not any(c["name"] in page.text for c in others)
    assert "采购承诺" in page.text  # the portal speaks Chinese too
    # Internal documents stay out of reach.
    with pytest.raises(RpcError):
        buyer.call("xs.reconciliation.line", "search_read", [], ["seller_id"])


def wait_for_purchase_orders(client, order_id, timeout=30):
    """Wait until the scheduled job has made the sellers' purchase orders of a portal
    order (``xs_purchase_pending`` cleared), polling; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while client.call("sale.order", "read", [order_id], ["xs_purchase_pending"])[0][
        "xs_purchase_pending"
    ]:
        if time.monotonic() > deadline:
            pytest.fail(
                f"order {order_id}: the sellers' purchase orders were not made within "
                f"{timeout} s of the portal order (scheduled job "
                "xs_consumption.ir_cron_xs_create_purchases; does the server run a cron "
                "thread? scripts/test.sh starts it with --max-cron-threads=1)"
            )
        time.sleep(0.2)


def test_r11_portal_buyer_orders_from_its_catalogue(login):
    buyer = login("buyer")
    page = buyer.session.get(buyer.url + "/my/catalogue", timeout=60)
    assert page.status_code == 200
    assert "农产品采购目录" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    entries = {
        int(entry_id): float(remaining)
        for entry_id, remaining in re.findall(r'name="qty_(\d+)"[^>]*max="([0-9.]+)"', page.text)
    }
    assert entries, "the demo school has produce published to it"
    county = login("county")
    published = county.call(
        "xs.surplus.declaration", "read", list(entries), ["state", "channel_action_ids"]
    )
    assert {d["state"] for d in published} == {"listed"}
    entry_id = max(entries, key=entries.get)
    before = county.call("xs.surplus.declaration", "read", [entry_id], ["qty_remaining"])[0]

    response = buyer.session.post(
        buyer.url + "/my/catalogue/order",
        data={"csrf_token": csrf, f"qty_{entry_id}": "1", "note": "e2e"},
        timeout=120,
    )
    assert response.status_code == 200
    match = re.search(r"/my/orders/(\d+)", response.url)
    assert match, "the buyer lands on its confirmed order"
    order_id = int(match.group(1))
    order = county.call(
        "sale.order", "read", [order_id], ["state", "client_order_ref", "order_line"]
    )[0]
    assert order["state"] == "sale"
    assert order["client_order_ref"] == "e2e"
    # The sellers' purchase orders come from the scheduled job the order triggered, right
    # after its transaction (the server runs a cron thread, as in production).
    wait_for_purchase_orders(county, order_id)
    # Only the portal order and the job say whether they are still to be made: not even the
    # county sets the flag over JSON-RPC (cleared on a pending order, its sellers would never
    # get theirs).
    with pytest.raises(RpcError) as err:
        county.call("sale.order", "write", [order_id], {"xs_purchase_pending": True})
    assert err.value.name == "odoo.exceptions.UserError"
    lines = county.call(
        "sale.order.line", "read", order["order_line"], ["xs_declaration_id", "purchase_line_ids"]
    )
    assert [ln["xs_declaration_id"][0] for ln in lines] == [entry_id]
    seller = county.call("xs.surplus.declaration", "read", [entry_id], ["seller_id"])[0]
    purchase = county.call(
        "purchase.order.line", "read", lines[0]["purchase_line_ids"], ["partner_id"]
    )
    assert [p["partner_id"][0] for p in purchase] == [seller["seller_id"][0]]
    after = county.call("xs.surplus.declaration", "read", [entry_id], ["qty_remaining"])[0]
    assert after["qty_remaining"] == pytest.approx(before["qty_remaining"] - 1)
    # The portal goes through the model's checked method only.
    with pytest.raises(RpcError):
        buyer.call("sale.order", "create", {"partner_id": 1})
    with pytest.raises(RpcError):
        buyer.call("sale.order", "_xs_portal_create_order", {str(entry_id): 1})
    # Nor may the buyer run the county's "Create Sellers' Orders" on its own order.
    with pytest.raises(RpcError) as err:
        buyer.call("sale.order", "action_xs_create_purchases", [order_id])
    assert err.value.name == "odoo.exceptions.AccessError"
    # A confirmed order gets no line "delivered by hand" (a delivered figure without any
    # delivery), not even from the county.
    with pytest.raises(RpcError) as err:
        county.call(
            "sale.order.line",
            "create",
            {
                "order_id": order_id,
                "xs_declaration_id": entry_id,
                "product_uom_qty": 1,
                "qty_delivered_method": "manual",
                "qty_delivered": 1,
            },
        )
    assert err.value.name == "odoo.exceptions.UserError"
    lines_after = county.call("sale.order", "read", [order_id], ["order_line"])[0]["order_line"]
    assert lines_after == order["order_line"]


def test_r14_r18_returns_download_in_chinese(login):
    """The county downloads the returns over HTTP as the web client does; a township user
    gets its own townships only; a portal buyer gets none."""
    county = login("county")
    campaigns = county.call("xs.campaign", "search_read", [], ["implementation_open"])
    campaign_id = next(c["id"] for c in campaigns if c["implementation_open"])
    for report, title in (
        ("summary_return_xlsx", "消费帮扶工作情况汇总表"),
        ("farmer_benefit_xlsx", "消费帮扶带动农户增收情况表"),
    ):
        response = county.session.get(
            f"{county.url}/report/xlsx/xs_reporting.{report}/{campaign_id}", timeout=120
        )
        assert response.status_code == 200, report
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[0][0] == title
    response = county.session.get(
        f"{county.url}/report/xlsx/xs_reporting.summary_return_xlsx/{campaign_id}", timeout=120
    )
    county_rows = [
        r[1] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ][4:-1]
    township = login("township")
    response = township.session.get(
        f"{township.url}/report/xlsx/xs_reporting.summary_return_xlsx/{campaign_id}", timeout=120
    )
    assert response.status_code == 200
    township_rows = [
        r[1] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ][4:-1]
    assert len(county_rows) >= 27  # every township of Xiushan
    assert sorted(township_rows) == sorted(["隘口镇", "洪安镇"])
    buyer = login("buyer")
    response = buyer.session.get(
        f"{buyer.url}/report/xlsx/xs_reporting.summary_return_xlsx/{campaign_id}", timeout=120
    )
    assert response.status_code != 200 or not response.content.startswith(b"PK")
