"""The portal as the demo's cooperative and school meet it, against a running server:
every purchase order and order page opens, and JSON-RPC gives neither of them what is the
county's to know on catalogue entries and declarations.

Requirements: R8, R10, R11, R20.
"""

import pytest
from conftest import RpcError

# Whom an entry is reserved for, why it was sent back, the township's note and the
# households behind it: internal (groups="base.group_user").
HIDDEN = [
    "channel_partner_ids",
    "reject_reason",
    "note",
    "household_count",
    "poverty_household_count",
    "monitored_household_count",
]


@pytest.mark.parametrize("login_name", ["buyer", "seller"])
def test_r20_portal_reads_no_reservation_reason_nor_note(login, login_name):
    user = login(login_name)
    model = "xs.surplus.declaration"
    assert not set(HIDDEN) & set(user.call(model, "fields_get", attributes=["string"]))
    rows = user.call(model, "search_read", [], [])
    assert rows, f"the demo {login_name} reads its catalogue or declarations"
    assert not set(HIDDEN) & set(rows[0])
    for fname in HIDDEN:
        with pytest.raises(RpcError) as err:
            user.call(model, "read", [rows[0]["id"]], [fname])
        assert err.value.name == "odoo.exceptions.AccessError", (fname, err.value)


def test_r10_seller_opens_every_purchase_order(login):
    seller = login("seller")
    orders = seller.call("purchase.order", "search_read", [], ["access_url"])
    assert orders, "the demo cooperative has purchase orders"
    for page in ["/my/purchase"] + [order["access_url"] for order in orders]:
        response = seller.session.get(seller.url + page, timeout=60)
        assert response.status_code == 200, (page, response.status_code)
        assert "xs_po_produce" in response.text or "xs_ship_to" in response.text, page


def test_r11_buyer_opens_every_order_and_its_statement(login):
    buyer = login("buyer")
    orders = buyer.call("sale.order", "search_read", [], ["access_url"])
    assert orders, "the demo school has orders"
    for page in ["/my/orders"] + [order["access_url"] for order in orders]:
        response = buyer.session.get(buyer.url + page, timeout=60)
        assert response.status_code == 200, (page, response.status_code)
        assert "xs_order_status" in response.text, page
    home = buyer.session.get(buyer.url + "/my", timeout=60)
    assert 'href="/my/statement"' in home.text
    statement = buyer.session.get(buyer.url + "/my/statement", timeout=60)
    assert statement.status_code == 200 and statement.content[:2] == b"PK"
