"""R20 over JSON-RPC on the demo: county staff without an e-mail address send a declaration
back (the wizard failed with "Unable to send message, please configure the sender's email
address"); the township reads why in the declaration's conversation."""

from datetime import date, timedelta


def test_r20_county_without_email_sends_a_declaration_back(login):
    township, county = login("township"), login("county")
    [me] = county.call("res.users", "read", [county.uid], ["email", "notification_type"])
    assert not me["email"], "the demo's county user has no e-mail address"
    assert me["notification_type"] == "inbox"
    [draft] = township.call(
        "xs.surplus.declaration",
        "search_read",
        [["state", "=", "draft"]],
        ["campaign_id", "township_id", "seller_id"],
        limit=1,
    )
    declared = county.call(
        "xs.surplus.declaration",
        "search_read",
        [["campaign_id", "=", draft["campaign_id"][0]], ["seller_id", "=", draft["seller_id"][0]]],
        ["product_id"],
    )
    [product] = county.call(
        "product.product",
        "search",
        [
            ["categ_id.xs_declaration_category", "!=", False],
            ["id", "not in", [d["product_id"][0] for d in declared]],
        ],
        limit=1,
    )
    today = date.today()
    declaration = township.call(
        "xs.surplus.declaration",
        "create",
        {
            "campaign_id": draft["campaign_id"][0],
            "township_id": draft["township_id"][0],
            "seller_id": draft["seller_id"][0],
            "product_id": product,
            "quantity": 120,
            "price_unit": 8,
            "date_available_from": str(today),
            "date_available_to": str(today + timedelta(days=20)),
            "household_count": 6,
        },
    )
    township.call("xs.surplus.declaration", "action_submit", [declaration])
    wizard = county.call(
        "xs.declaration.reject.wizard",
        "create",
        {"declaration_ids": [[6, 0, [declaration]]], "reason": "请补充采摘日期"},
    )
    county.call("xs.declaration.reject.wizard", "action_confirm", [wizard])
    [row] = township.call("xs.surplus.declaration", "read", [declaration], ["state"])
    assert row["state"] == "draft"
    messages = township.call(
        "mail.message",
        "search_read",
        [["model", "=", "xs.surplus.declaration"], ["res_id", "=", declaration]],
        ["body", "author_id", "message_type"],
    )
    # The note on the declaration's chatter, and the notification its township's staff get
    # in their inbox (R28).
    [sent_back] = [
        m for m in messages if "请补充采摘日期" in m["body"] and m["message_type"] == "comment"
    ]
    assert [
        m
        for m in messages
        if "请补充采摘日期" in m["body"] and m["message_type"] == "user_notification"
    ]
    assert (
        sent_back["author_id"][0]
        == county.call("res.users", "read", [county.uid], ["partner_id"])[0]["partner_id"][0]
    )
