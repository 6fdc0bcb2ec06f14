"""R22 over the web client's JSON-RPC: periods filed out of order. An order dated in an
open period was delivered in a period that is then filed: the delivered figure filed is
the delivered quantity at the line's net price, so no role may change the line's price,
discount, taxes or unit any more, and the quantity (still editable) moves no filed figure.

The scenario runs on a campaign of its own, built here through RPC by the roles that own
each step: a filed period is permanent, and the demo campaign's days stay open for the
other tests.

Requirements: R13, R20, R22.
"""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import RpcError

COUNTY_TZ = ZoneInfo("Asia/Shanghai")  # the county calendar (xs_consumption/tools.py)
SCHOOL = "秀山高级中学"  # the demo buyer organisation of the portal user "buyer"
SELLER = "秀山县洪安镇边城蔬菜专业合作社"  # a demo seller of 洪安镇, a township of "township"
LINE_FIELDS = [
    "price_unit",
    "discount",
    "tax_id",
    "product_uom",
    "product_id",
    "xs_declaration_id",
    "product_uom_qty",
    "qty_delivered",
    "price_reduce_taxexcl",
]
# What the line computes from its order and deliveries (never written by hand).
HIDDEN = ["state", "qty_delivered_method", "currency_id", "company_id"]
# Each frozen figure of the line, with a value that would change it.
FROZEN_WRITES = [
    {"price_unit": 3.0},
    {"discount": 0.0},
    {"tax_id": [[6, 0, []]]},
    {"price_unit": 2.5, "discount": 20.0},
]


def _county_day(utc_datetime):
    """The county calendar's day of a datetime as Odoo sends it (UTC, no zone)."""
    moment = datetime.fromisoformat(utc_datetime).replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(COUNTY_TZ).date()


def _enable_discounts(admin, enabled):
    """The standard Sales setting "Discounts" (with it, core recomputes a line's
    discount from its order's pricelist whenever the quantity changes)."""
    settings = admin.call("res.config.settings", "create", {"group_discount_per_so_line": enabled})
    admin.call("res.config.settings", "execute", [settings])


@pytest.fixture(scope="module")
def role(login):
    """Each demo user logged in once for this module (a login hashes the password)."""
    sessions = {}

    def _role(user):
        if user not in sessions:
            sessions[user] = login(user, "admin" if user == "admin" else "demo")
        return sessions[user]

    return _role


@pytest.fixture(scope="module")
def filed(role):
    """A line of a campaign of its own, ordered on day D-3 (open period) at 2.50 with 10%
    off, with its 100 kg delivered on day D, then the period D-1..D filed by the county."""
    admin, county, township = role("admin"), role("county"), role("township")
    today = datetime.now(COUNTY_TZ).date()
    tag = uuid.uuid4().hex[:6]
    _enable_discounts(admin, True)
    scenario = None
    try:
        scenario = _build(admin, county, township, today, tag)
        yield scenario
    finally:
        _enable_discounts(admin, False)
        if scenario:
            # Out of the school's catalogue for the tests that follow.
            county.call("xs.surplus.declaration", "action_close", [scenario["entry"]])


def _build(admin, county, township, today, tag):
    def day(n):
        return (today + timedelta(days=n)).isoformat()

    # The county administrator sets up the campaign, counting sales once delivered.
    campaign = admin.call(
        "xs.campaign",
        "create",
        {
            "name": f"e2e R22 分期上报 {tag}",
            "date_start": day(-10),
            "date_end": day(60),
            "count_basis": "delivered",
            "phase_ids": [
                [0, 0, {"phase_type": kind, "date_start": day(-10), "date_end": day(60)}]
                for kind in ("preparation", "implementation")
            ],
            "action_ids": [[0, 0, {"action_type": "school"}]],
        },
    )
    pricelist = admin.call("product.pricelist", "create", {"name": f"e2e R22 {tag}"})
    # The township declares, the county verifies and lists it for schools.
    seller = county.call("res.partner", "search_read", [["name", "=", SELLER]], ["xs_township_id"])
    product = county.call(
        "product.product", "search", [["name", "ilike", "猕猴桃"], ["type", "=", "consu"]], limit=1
    )
    assert seller and product, "demo data: the seller and a kiwi product"
    entry = township.call(
        "xs.surplus.declaration",
        "create",
        {
            "campaign_id": campaign,
            "township_id": seller[0]["xs_township_id"][0],
            "seller_id": seller[0]["id"],
            "product_id": product[0],
            "category": "fruit",
            "quantity": 500,
            "price_unit": 2.5,
            "household_count": 3,
            "date_available_from": day(-5),
            "date_available_to": day(30),
        },
    )
    township.call("xs.surplus.declaration", "action_submit", [entry])
    county.call("xs.surplus.declaration", "action_verify", [entry])
    school_action = county.call(
        "xs.campaign.action", "search", [["campaign_id", "=", campaign]], limit=1
    )
    school = county.call("res.partner", "search", [["name", "=", SCHOOL]], limit=1)
    # Published to this school only: no other buyer's catalogue changes.
    county.call(
        "xs.surplus.declaration",
        "write",
        [entry],
        {"channel_action_ids": [[6, 0, school_action]], "channel_partner_ids": [[6, 0, school]]},
    )
    county.call("xs.surplus.declaration", "action_list", [entry])
    # The county orders for the school (back office: the seller's order at once).
    order = county.call(
        "sale.order",
        "create",
        {
            "partner_id": school[0],
            "xs_campaign_id": campaign,
            "pricelist_id": pricelist,
            "order_line": [
                [0, 0, {"xs_declaration_id": entry, "product_uom_qty": 100, "discount": 10}]
            ],
        },
    )
    county.call("sale.order", "action_confirm", [order])
    read = county.call("sale.order", "read", [order], ["name", "order_line", "picking_ids"])[0]
    # The seller's delivery to the school is done now (day D, county calendar).
    assert county.call("stock.picking", "button_validate", read["picking_ids"]) is True
    line = read["order_line"][0]
    move = county.call(
        "stock.move",
        "search_read",
        [["sale_line_id", "=", line], ["state", "=", "done"]],
        ["date", "reference"],
    )[0]
    delivered_on = _county_day(move["date"])
    # The order is dated three days before: a day of the still open first period.
    ordered_on = delivered_on - timedelta(days=3)
    county.call("sale.order", "write", [order], {"date_order": f"{ordered_on} 02:00:00"})
    # And invoices it (posted today: day D too).
    context = dict(county.context, active_model="sale.order", active_ids=[order])
    wizard = county.call(
        "sale.advance.payment.inv",
        "create",
        {"advance_payment_method": "delivered"},
        context=context,
    )
    county.call("sale.advance.payment.inv", "create_invoices", [wizard], context=context)
    invoice = county.call("account.move", "search", [["line_ids.sale_line_ids", "=", line]])
    county.call("account.move", "action_post", invoice)
    invoice_line = county.call(
        "account.move.line", "search", [["move_id", "in", invoice], ["sale_line_ids", "=", line]]
    )
    period = (delivered_on - timedelta(days=1), delivered_on)
    # The county files the second period first (the return wizard's File button).
    wizard = county.call(
        "xs.return.wizard",
        "create",
        {
            "campaign_id": campaign,
            "kind": "summary",
            "date_from": period[0].isoformat(),
            "date_to": period[1].isoformat(),
        },
    )
    county.call("xs.return.wizard", "action_file", [wizard])
    return {
        "campaign": campaign,
        "campaign_name": f"e2e R22 分期上报 {tag}",
        "entry": entry,
        "order": order,
        "order_name": read["name"],
        "line": line,
        "delivery": move["reference"],
        "move": move["id"],
        "invoice": invoice[0],
        "invoice_line": invoice_line[0],
        "ordered_on": ordered_on,
        "period": period,
    }


def _delivered_in(county, filed, figure="amount_delivered"):
    """The delivered (or another) figure the returns count for the filed period
    (xs.counted.line)."""
    start, end = filed["period"]
    groups = county.call(
        "xs.counted.line",
        "read_group",
        [
            ["campaign_id", "=", filed["campaign"]],
            ["date", ">=", start.isoformat()],
            ["date", "<=", end.isoformat()],
        ],
        [f"{figure}:sum"],
        [],
    )
    return groups[0][figure]


def _filed_amount(county, filed):
    """What the filed return holds for the period (its figures, as pushed upward)."""
    returns = county.call(
        "xs.filed.return", "search_read", [["campaign_id", "=", filed["campaign"]]], ["figures"]
    )
    assert len(returns) == 1
    return sum(row["amount"] for row in returns[0]["figures"]["rows"])


def test_r22_scenario_is_filed_out_of_order(role, filed):
    county = role("county")
    campaign = county.call("xs.campaign", "read", [filed["campaign"]], ["filed_return_ids"])[0]
    assert len(campaign["filed_return_ids"]) == 1
    order = county.call("sale.order", "read", [filed["order"]], ["date_order"])[0]
    assert _county_day(order["date_order"]) == filed["ordered_on"]
    line = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0]
    assert (line["price_unit"], line["discount"], line["qty_delivered"]) == (2.5, 10.0, 100.0)
    # 100 kg delivered at 2.50 less 10%: what the returns count and what was filed.
    assert _delivered_in(county, filed) == pytest.approx(225.0)
    assert _filed_amount(county, filed) == pytest.approx(225.0)


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ("county", "已上报"),  # county staff: sales, stock and invoicing rights
        ("finance", "已上报"),  # finance: core's invoicing group writes sale lines
        ("admin", "already filed upward"),  # the county administrator, in English
    ],
)
def test_r22_no_role_changes_a_line_delivered_in_a_filed_period(role, filed, user, says):
    """Each role with write access to sale lines is refused each frozen figure, in its
    own language, naming the order, the delivery and the campaign; nothing changes."""
    county, writer = role("county"), role(user)
    before = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0]
    writes = [*FROZEN_WRITES, {"product_uom": _other_unit(county, before)}]
    for vals in writes:
        with pytest.raises(RpcError) as err:
            writer.call("sale.order.line", "write", [filed["line"]], vals)
        assert err.value.name == "odoo.exceptions.UserError", (vals, err.value)
        message = str(err.value)
        for part in (says, filed["order_name"], filed["delivery"], filed["campaign_name"]):
            assert part in message, (vals, message)
    # Through the order's lines, and the order's "Update Prices" button, alike.
    with pytest.raises(RpcError) as err:
        writer.call(
            "sale.order",
            "write",
            [filed["order"]],
            {"order_line": [[1, filed["line"], {"price_unit": 3.0}]]},
        )
    assert says in str(err.value)
    with pytest.raises(RpcError) as err:
        writer.call("sale.order", "action_update_prices", [filed["order"]])
    assert says in str(err.value)
    assert county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0] == before
    assert _delivered_in(county, filed) == pytest.approx(225.0)


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ("county", "只能通过其按钮变更"),
        ("finance", "只能通过其按钮变更"),
        ("admin", "only through"),
    ],
)
def test_r22_nobody_writes_what_the_line_computes_from_its_documents(role, filed, user, says):
    """The line's state, its delivered quantity and how it is delivered, its company and
    currency are computed from the order and its deliveries: written by hand, the line
    would leave the counted figures ("cancelled" alone) or count as delivered by hand on
    its order's day instead of its deliveries', and the filed figure would move."""
    county, writer = role("county"), role(user)
    before = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS + HIDDEN)[0]
    currency = county.call("res.currency", "search", [["id", "!=", before["currency_id"][0]]])
    for vals in (
        {"state": "cancel"},
        {"qty_delivered_method": "manual"},
        {"qty_delivered_method": "manual", "qty_delivered": 0},
        {"qty_delivered": 0},
        {"currency_id": currency[0]},
        {"company_id": False},
    ):
        with pytest.raises(RpcError) as err:
            writer.call("sale.order.line", "write", [filed["line"]], vals)
        assert err.value.name == "odoo.exceptions.UserError", (vals, err.value)
        assert says in str(err.value), (vals, str(err.value))
    after = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS + HIDDEN)[0]
    assert after == before
    assert _delivered_in(county, filed) == pytest.approx(225.0)


@pytest.mark.parametrize(
    ("user", "says"), [("county", "已上报"), ("admin", "already filed upward")]
)
def test_r22_the_filed_delivery_itself_does_not_change(role, filed, user, says):
    """The delivery counted in the filed period cannot be made something else by writing
    its move: scrapped, a return of another move, another quantity or day."""
    county, writer = role("county"), role(user)
    fields = ["state", "scrapped", "origin_returned_move_id", "quantity", "date"]
    before = county.call("stock.move", "read", [filed["move"]], fields)[0]
    other = county.call(
        "stock.move", "search", [["state", "=", "done"], ["id", "!=", filed["move"]]], limit=1
    )
    for vals in (
        {"scrapped": True},
        {"origin_returned_move_id": other[0]},
        {"quantity": 50},
        {"date": f"{filed['ordered_on']} 02:00:00"},
    ):
        with pytest.raises(RpcError) as err:
            writer.call("stock.move", "write", [filed["move"]], vals)
        assert err.value.name == "odoo.exceptions.UserError", (vals, err.value)
        assert says in str(err.value) and filed["delivery"] in str(err.value), vals
    assert county.call("stock.move", "read", [filed["move"]], fields)[0] == before
    assert _delivered_in(county, filed) == pytest.approx(225.0)


@pytest.mark.parametrize(
    ("user", "filed_msg", "by_hand_msg"),
    [
        ("finance", "已上报", "只能通过其按钮变更"),
        ("admin", "already filed upward", "only through"),
    ],
)
def test_r22_the_filed_invoice_does_not_change(role, filed, user, filed_msg, by_hand_msg):
    """The line's invoice, posted in the filed period, counts as invoiced there: neither
    the invoice nor its line may be written into something else (a refund, paid by hand,
    another amount, no longer invoicing the sale)."""
    county, writer = role("county"), role(user)
    move_fields = ["state", "move_type", "payment_state", "invoice_date", "amount_untaxed"]
    line_fields = ["price_unit", "quantity", "price_subtotal", "balance", "sale_line_ids"]
    before = county.call("account.move", "read", [filed["invoice"]], move_fields)[0]
    before_line = county.call("account.move.line", "read", [filed["invoice_line"]], line_fields)
    assert before["state"] == "posted" and before["amount_untaxed"] == pytest.approx(225.0)
    attacks = [
        ("account.move", filed["invoice"], {"move_type": "out_refund"}, filed_msg),
        ("account.move", filed["invoice"], {"state": "draft"}, filed_msg),
        ("account.move", filed["invoice"], {"payment_state": "paid"}, by_hand_msg),
        ("account.move.line", filed["invoice_line"], {"price_unit": 3.0}, filed_msg),
        ("account.move.line", filed["invoice_line"], {"quantity": 50}, filed_msg),
        ("account.move.line", filed["invoice_line"], {"price_subtotal": 1.0}, filed_msg),
        ("account.move.line", filed["invoice_line"], {"balance": -1.0}, filed_msg),
        ("account.move.line", filed["invoice_line"], {"sale_line_ids": [[5]]}, filed_msg),
    ]
    for model, record, vals, says in attacks:
        with pytest.raises(RpcError) as err:
            writer.call(model, "write", [record], vals)
        assert err.value.name == "odoo.exceptions.UserError", (vals, err.value)
        assert says in str(err.value), (vals, str(err.value))
    assert county.call("account.move", "read", [filed["invoice"]], move_fields)[0] == before
    after_line = county.call("account.move.line", "read", [filed["invoice_line"]], line_fields)
    assert after_line == before_line
    assert _delivered_in(county, filed, "amount_invoiced") == pytest.approx(225.0)
    assert _delivered_in(county, filed, "amount_paid") == 0


def _other_unit(county, line):
    """Another unit of the line's unit category (grams for kilograms)."""
    category = county.call("uom.uom", "read", [line["product_uom"][0]], ["category_id"])[0]
    units = county.call(
        "uom.uom",
        "search",
        [["category_id", "=", category["category_id"][0]], ["id", "!=", line["product_uom"][0]]],
        limit=1,
    )
    assert units
    return units[0]


@pytest.mark.parametrize("user", ["commerce", "lead", "township", "buyer"])
def test_r22_roles_without_write_rights_cannot_write_the_line(role, filed, user):
    """The commerce commission, a lead department, a township and the school's own portal
    buyer have no write access to sale lines at all."""
    county, other = role("county"), role(user)
    before = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0]
    if user == "buyer":
        # The buyer reads its organisation's order line, and writes nothing of it.
        assert other.call("sale.order.line", "read", [filed["line"]], ["price_unit"])
    for vals in ({"price_unit": 3.0}, {"product_uom_qty": 120}):
        with pytest.raises(RpcError) as err:
            other.call("sale.order.line", "write", [filed["line"]], vals)
        assert err.value.name == "odoo.exceptions.AccessError", (vals, err.value)
    assert county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0] == before


def test_r22_quantity_stays_editable_and_moves_no_filed_figure(role, filed):
    """The ordered quantity is not frozen (more may still be delivered, in an open period).
    With discounts on and a pricelist on the order, core recomputes the discount when the
    quantity changes: on this line it must stay, or the filed delivered figure would move.
    As the administrator (the demo county staff have no e-mail address, and changing a
    confirmed quantity posts on the order's chatter)."""
    admin, county = role("admin"), role("county")
    before = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0]
    admin.call("sale.order.line", "write", [filed["line"]], {"product_uom_qty": 130})
    after = county.call("sale.order.line", "read", [filed["line"]], LINE_FIELDS)[0]
    assert after["product_uom_qty"] == 130
    frozen = ("price_unit", "discount", "tax_id", "product_uom", "qty_delivered")
    assert {f: after[f] for f in frozen} == {f: before[f] for f in frozen}
    assert _delivered_in(county, filed) == pytest.approx(225.0)
    assert _filed_amount(county, filed) == pytest.approx(225.0)


@pytest.mark.parametrize(
    ("user", "says"), [("county", "已上报"), ("admin", "already filed upward")]
)
def test_r22_an_order_delivered_in_a_filed_period_keeps_what_it_counts_for(role, filed, user, says):
    """Cancelling takes every figure of the order out of the counted lines, and its buyer,
    action or work team move them to another row or column of the return: refused while
    its delivery counts in a filed period (the Cancel button, or fields written)."""
    county, writer = role("county"), role(user)
    fields = ["state", "partner_id", "xs_action_id", "xs_work_team_id"]
    before = county.call("sale.order", "read", [filed["order"]], fields)[0]
    team = county.call("xs.work.team", "search", [], limit=1)
    bank = county.call("res.partner", "search", [["xs_buyer_category", "=", "soe"]], limit=1)
    context = dict(writer.context, disable_cancel_warning=True)
    for method, args in (
        ("action_cancel", []),
        ("write", [{"state": "cancel"}]),
        ("write", [{"xs_work_team_id": team[0]}]),
        ("write", [{"partner_id": bank[0]}]),
    ):
        with pytest.raises(RpcError) as err:
            writer.call("sale.order", method, [filed["order"]], *args, context=context)
        assert err.value.name == "odoo.exceptions.UserError", (args, err.value)
        assert says in str(err.value), (args, str(err.value))
    assert county.call("sale.order", "read", [filed["order"]], fields)[0] == before
    assert _delivered_in(county, filed) == pytest.approx(225.0)
