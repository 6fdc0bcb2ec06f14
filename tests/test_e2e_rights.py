"""R20: the attacks a logged-in user can send over the web client's JSON-RPC, refused
by the server with a clear message and leaving nothing changed.

Requirements: R4, R8, R10, R15, R19, R20, R22.
"""

import pytest
from conftest import RpcError

CAMPAIGN_2022 = "秀山县消费帮扶助农增收集中行动（2022-2023）"


def _refused(call, *args, name=None, **kwargs):
    with pytest.raises(RpcError) as err:
        call(*args, **kwargs)
    if name:
        assert err.value.name == f"odoo.exceptions.{name}", err.value
    assert str(err.value), "a refusal says why"
    return err.value


def _own(township, state):
    rows = township.call(
        "xs.surplus.declaration",
        "search_read",
        [["state", "=", state]],
        ["state", "is_recommended", "channel_action_ids", "verified_by_id"],
        limit=1,
    )
    assert rows, f"the demo township has a {state} declaration"
    return rows[0]


def _submitted(township, county):
    """A submitted declaration of the township: the demo's, or one it declares now."""
    rows = township.call("xs.surplus.declaration", "search", [["state", "=", "submitted"]], limit=1)
    if rows:
        return _own(township, "submitted")
    draft = township.call(
        "xs.surplus.declaration",
        "read",
        [_own(township, "draft")["id"]],
        ["campaign_id", "township_id", "seller_id"],
    )[0]
    declared = county.call(
        "xs.surplus.declaration",
        "search_read",
        [["campaign_id", "=", draft["campaign_id"][0]], ["seller_id", "=", draft["seller_id"][0]]],
        ["product_id"],
    )
    product = county.call(
        "product.product",
        "search",
        [["type", "=", "consu"], ["id", "not in", [d["product_id"][0] for d in declared]]],
        limit=1,
    )
    declaration = township.call(
        "xs.surplus.declaration",
        "create",
        {
            "campaign_id": draft["campaign_id"][0],
            "township_id": draft["township_id"][0],
            "seller_id": draft["seller_id"][0],
            "product_id": product[0],
            "category": "other",
            "quantity": 10,
            "price_unit": 3,
            "household_count": 1,
        },
    )
    township.call("xs.surplus.declaration", "action_submit", [declaration])
    return _own(township, "submitted")


def test_r4_township_cannot_move_its_declarations_by_writing(login):
    township, county = login("township"), login("county")
    draft = _own(township, "draft")
    submitted = _submitted(township, county)
    school = county.call("xs.campaign.action", "search", [["action_type", "=", "school"]], limit=1)
    for vals in (
        {"state": "verified"},
        {"state": "listed"},
        {"verified_by_id": township.uid},
        {"is_recommended": True},
        {"channel_action_ids": [[6, 0, school]]},
    ):
        _refused(township.call, "xs.surplus.declaration", "write", [draft["id"]], vals)
    _refused(
        township.call, "xs.surplus.declaration", "write", [submitted["id"]], {"state": "draft"}
    )
    after = county.call(
        "xs.surplus.declaration",
        "read",
        [draft["id"], submitted["id"]],
        ["state", "is_recommended", "channel_action_ids", "verified_by_id"],
    )
    assert [(r["state"], r["is_recommended"], r["channel_action_ids"]) for r in after] == [
        ("draft", False, draft["channel_action_ids"]),
        ("submitted", submitted["is_recommended"], submitted["channel_action_ids"]),
    ]
    assert not after[0]["verified_by_id"]


def test_r4_township_cannot_create_past_draft_nor_delete_what_it_submitted(login):
    township, county = login("township"), login("county")
    draft = township.call(
        "xs.surplus.declaration",
        "read",
        [_own(township, "draft")["id"]],
        ["campaign_id", "township_id", "seller_id", "category", "uom_id"],
    )[0]
    kiwi = county.call("product.product", "search", [["name", "ilike", "猕猴桃"]], limit=1)
    before = county.call("xs.surplus.declaration", "search_count", [])
    _refused(
        township.call,
        "xs.surplus.declaration",
        "create",
        {
            "campaign_id": draft["campaign_id"][0],
            "township_id": draft["township_id"][0],
            "seller_id": draft["seller_id"][0],
            "product_id": kiwi[0],
            "category": "fruit",
            "quantity": 100,
            "price_unit": 5,
            "state": "listed",
        },
    )
    submitted = _submitted(township, county)
    _refused(township.call, "xs.surplus.declaration", "unlink", [submitted["id"]])
    assert county.call("xs.surplus.declaration", "search_count", []) == before
    assert (
        county.call("xs.surplus.declaration", "read", [submitted["id"]], ["state"])[0]["state"]
        == "submitted"
    )


def test_r4_xs_today_in_the_context_does_not_reopen_a_closed_survey(login):
    township, county = login("township"), login("county")
    campaign = county.call("xs.campaign", "search", [["name", "=", CAMPAIGN_2022]])
    assert campaign, "the 2022-23 campaign is reference data"
    draft = township.call(
        "xs.surplus.declaration",
        "read",
        [_own(township, "draft")["id"]],
        ["township_id", "seller_id", "product_id"],
    )[0]
    vals = {
        "campaign_id": campaign[0],
        "township_id": draft["township_id"][0],
        "seller_id": draft["seller_id"][0],
        "product_id": draft["product_id"][0],
        "category": "vegetable",
        "quantity": 100,
        "price_unit": 2,
        "date_available_from": "2022-11-10",
        "date_available_to": "2022-12-10",
    }
    before = county.call(
        "xs.surplus.declaration", "search_count", [["campaign_id", "=", campaign[0]]]
    )
    # The survey of 2022 ran 1-25 November 2022: pretending it is 10 November changes nothing.
    context = dict(township.context, xs_today="2022-11-10")
    error = _refused(township.call, "xs.surplus.declaration", "create", vals, context=context)
    assert error.name == "odoo.exceptions.UserError"
    read = township.call("xs.campaign", "read", campaign, ["preparation_open"], context=context)
    assert read[0]["preparation_open"] is False
    after = county.call(
        "xs.surplus.declaration", "search_count", [["campaign_id", "=", campaign[0]]]
    )
    assert after == before


def test_r15_township_cannot_downgrade_a_serious_issue(login):
    township, county = login("township"), login("county")
    pork = county.call(
        "xs.surplus.declaration", "search_read", [["product_id.name", "ilike", "黑猪肉"]], ["id"]
    )
    issue_id = township.call(
        "xs.quality.issue",
        "create",
        {"name": "e2e 抽检不合格", "severity": "serious", "declaration_id": pork[0]["id"]},
    )
    try:
        for vals in ({"severity": "minor"}, {"state": "cleared"}, {"product_id": 1}):
            _refused(
                township.call, "xs.quality.issue", "write", [issue_id], vals, name="AccessError"
            )
        assert county.call("xs.quality.issue", "read", [issue_id], ["severity", "state"])[0] == {
            "id": issue_id,
            "severity": "serious",
            "state": "open",
        }
        # Another township's issue (the demo's kiwi check, 龙池镇) is out of its reach.
        kiwi = county.call("xs.quality.issue", "search", [["name", "=", "猕猴桃农残抽检"]])
        _refused(township.call, "xs.quality.issue", "read", kiwi, ["severity"], name="AccessError")
        _refused(
            township.call,
            "xs.quality.issue",
            "write",
            kiwi,
            {"severity": "minor"},
            name="AccessError",
        )
    finally:
        county.call("xs.quality.issue", "write", [issue_id], {"outcome": "e2e: re-tested"})
        county.call("xs.quality.issue", "action_clear", [issue_id])


def test_r20_township_cannot_touch_buyers_or_move_logins(login):
    township, county, buyer = login("township"), login("county"), login("buyer")
    school = county.call(
        "res.partner",
        "search_read",
        [["name", "=", "秀山高级中学"]],
        ["xs_channel", "xs_buyer_category"],
    )[0]
    for vals in ({"xs_channel": "soe"}, {"xs_buyer_category": "soe"}, {"name": "x"}):
        _refused(township.call, "res.partner", "write", [school["id"]], vals, name="AccessError")
    login_partner = county.call("res.users", "read", [buyer.uid], ["partner_id"])[0]["partner_id"][
        0
    ]
    other = county.call(
        "res.partner",
        "search",
        [["xs_buyer_category", "!=", False], ["id", "!=", school["id"]]],
        limit=1,
    )
    _refused(
        township.call,
        "res.partner",
        "write",
        [login_partner],
        {"parent_id": other[0]},
        name="AccessError",
    )
    _refused(
        township.call,
        "res.partner",
        "create",
        {"name": "e2e fake canteen", "parent_id": school["id"]},
        name="AccessError",
    )
    after = county.call("res.partner", "read", [school["id"]], ["xs_channel", "xs_buyer_category"])
    assert after[0] == school
    assert (
        county.call("res.partner", "read", [login_partner], ["commercial_partner_id"])[0][
            "commercial_partner_id"
        ][0]
        == school["id"]
    )


def test_r11_portal_buyer_reads_no_internal_field_nor_targets(login):
    buyer = login("buyer")
    entries = buyer.call("xs.surplus.declaration", "search_read", [], [], limit=5)
    assert entries, "the demo buyer reads its catalogue"
    internal = {"verified_by_id", "verified_date", "recommendation_score", "qty_ordered"}
    internal |= {"sale_line_ids", "purchase_line_ids", "amount_ordered"}
    assert not internal & set(entries[0])
    assert not internal & set(buyer.call("xs.surplus.declaration", "fields_get"))
    for fname in sorted(internal):
        _refused(
            buyer.call,
            "xs.surplus.declaration",
            "read",
            [entries[0]["id"]],
            [fname],
            name="AccessError",
        )
    actions = buyer.call("xs.campaign.action", "search_read", [], ["name"])
    assert actions, "the buyer reads the actions its orders name"
    for fname in ("target_amount", "amount_counted", "progress"):
        _refused(
            buyer.call,
            "xs.campaign.action",
            "read",
            [actions[0]["id"]],
            [fname],
            name="AccessError",
        )
    assert not {"target_amount", "amount_counted"} & set(
        buyer.call("xs.campaign.action", "fields_get")
    )
    _refused(buyer.call, "xs.campaign", "read", [entries[0]["campaign_id"][0]], ["target_amount"])
    _refused(buyer.call, "product.supplierinfo", "search_read", [], ["price"])


def test_r19_nobody_creates_or_moves_exchange_jobs(login):
    county, buyer = login("county"), login("buyer")
    endpoint = county.call("xs.exchange.endpoint", "search", [], limit=1)
    for user in (county, buyer):
        _refused(
            user.call,
            "xs.exchange.job",
            "create",
            {
                "endpoint_id": endpoint[0] if endpoint else 1,
                "key": "e2e-forged",
                "payload": {"x": 1},
            },
            name="AccessError",
        )
    jobs = county.call("xs.exchange.job", "search", [], limit=1)
    if jobs:
        _refused(
            county.call, "xs.exchange.job", "write", jobs, {"state": "done"}, name="AccessError"
        )
    assert county.call("xs.exchange.job", "search_count", [["key", "=", "e2e-forged"]]) == 0


def test_r22_counting_basis_fixed_once_reported(login):
    """R22: once a period of a campaign is reported, its counting basis no longer changes,
    not even for the county administrator writing the field over JSON-RPC."""
    admin = login("admin", "admin")
    campaign = admin.call(
        "xs.campaign", "search_read", [["name", "=", CAMPAIGN_2022]], ["count_basis", "date_start"]
    )[0]
    other = "paid" if campaign["count_basis"] != "paid" else "ordered"
    # A day before the campaign began: reported, yet no document of the demo is in it.
    admin.call("xs.campaign", "write", [campaign["id"]], {"lock_date": "2000-01-01"})
    try:
        err = _refused(admin.call, "xs.campaign", "write", [campaign["id"]], {"count_basis": other})
        assert "basis" in str(err) or "口径" in str(err), err
        after = admin.call("xs.campaign", "read", [campaign["id"]], ["count_basis"])[0]
        assert after["count_basis"] == campaign["count_basis"]
    finally:
        admin.call("xs.campaign", "write", [campaign["id"]], {"lock_date": False})
