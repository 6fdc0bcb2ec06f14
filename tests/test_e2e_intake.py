"""R4, R25 over the web client's JSON-RPC: what a seller's portal user and a township user
could try around the Excel intake and the portal declaration form, refused by the server
with nothing changed.

Requirements: R4, R20.
"""

import base64

import pytest
from conftest import RpcError


def _refused(call, *args, name=None, **kwargs):
    with pytest.raises(RpcError) as err:
        call(*args, **kwargs)
    if name:
        assert err.value.name == f"odoo.exceptions.{name}", err.value
    assert str(err.value), "a refusal says why"
    return err.value


def test_r20_portal_seller_declares_only_through_the_form(login):
    seller = login("seller")
    county = login("county")
    before = county.call("xs.surplus.declaration", "search_count", [])
    campaign = county.call("xs.campaign", "search", [], limit=1)[0]
    own = county.call(
        "xs.surplus.declaration",
        "search_read",
        [["seller_id.name", "=", "秀山县洪安镇边城蔬菜专业合作社"]],
        ["seller_id", "township_id", "product_id", "quantity"],
        limit=1,
    )
    assert own, "the demo seller has declarations"
    vals = {
        "campaign_id": campaign,
        "township_id": own[0]["township_id"][0],
        "seller_id": own[0]["seller_id"][0],
        "product_id": own[0]["product_id"][0],
        "quantity": 10,
        "price_unit": 1,
        "origin": "portal",
    }
    _refused(seller.call, "xs.surplus.declaration", "create", vals, name="AccessError")
    # The portal form's model method is private: not callable over RPC.
    _refused(
        seller.call,
        "xs.surplus.declaration",
        "_xs_portal_declare",
        campaign,
        {"product": "x", "quantity": "1", "price_unit": "1"},
        name="AccessError",
    )
    # Refused (no write right; a verified one is also locked): the figure stays.
    _refused(seller.call, "xs.surplus.declaration", "write", [own[0]["id"]], {"quantity": 1})
    assert county.call("xs.surplus.declaration", "search_count", []) == before
    assert (
        county.call("xs.surplus.declaration", "read", [own[0]["id"]], ["quantity"])[0]["quantity"]
        == own[0]["quantity"]
    )


def test_r4_township_cannot_fake_origin_nor_take_another_townships_sheet(login):
    township = login("township")
    draft = township.call(
        "xs.surplus.declaration", "search_read", [["state", "=", "draft"]], ["origin"], limit=1
    )[0]
    _refused(
        township.call,
        "xs.surplus.declaration",
        "write",
        [draft["id"]],
        {"origin": "portal"},
        name="AccessError",
    )
    assert (
        township.call("xs.surplus.declaration", "read", [draft["id"]], ["origin"])[0]["origin"]
        == draft["origin"]
    )
    other = township.call(
        "xs.township", "search", [["name", "not in", ["隘口镇", "洪安镇"]]], limit=1
    )[0]
    campaign = township.call("xs.campaign", "search", [], limit=1)[0]
    wizard = township.call(
        "xs.declaration.import",
        "create",
        {
            "campaign_id": campaign,
            "township_id": other,
            "file": base64.b64encode(b"PK not a sheet").decode(),
            "filename": "sheet.xlsx",
        },
    )
    _refused(township.call, "xs.declaration.import", "action_preview", [wizard], name="AccessError")
    _refused(township.call, "xs.declaration.import", "action_import", [wizard], name="AccessError")
    _refused(
        township.call,
        "xs.declaration.import",
        "_xs_template_content",
        campaign,
        other,
        name="AccessError",
    )
