"""R4/R20 over JSON-RPC: the demo is the county's produce list, and a township user adds a
produce to it only in a produce category, whatever it sends."""

import pytest
from conftest import RpcError


def _category(client, xmlid):
    return client.call("ir.model.data", "check_object_reference", *xmlid.split("."))[1]


def _refused(call, *args, **kwargs):
    with pytest.raises(RpcError) as err:
        call(*args, **kwargs)
    assert err.value.name == "odoo.exceptions.AccessError", err.value
    return err.value


def test_r4_township_adds_produce_only_in_a_produce_category(login):
    township, county = login("township"), login("county")
    tea = _category(county, "xs_consumption.product_category_tea")
    [all_products] = county.call("product.category", "search", [["parent_id", "=", False]], limit=1)
    created = township.call(
        "product.product",
        "create",
        {"name": "秀山毛尖（e2e）", "categ_id": tea, "type": "consu"},
    )
    [row] = county.call("product.product", "read", [created], ["categ_id", "uom_id"])
    assert row["categ_id"][0] == tea
    _refused(
        township.call,
        "product.product",
        "create",
        {"name": "Office chair (e2e)", "categ_id": all_products, "type": "consu"},
    )
    _refused(township.call, "product.template", "create", {"name": "Desk (e2e)"})
    _refused(township.call, "product.product", "write", [created], {"categ_id": all_products})
    assert not county.call(
        "product.product", "search", [["name", "like", "(e2e)"], ["id", "!=", created]]
    )


def test_r4_demo_offers_the_county_produce_not_odoo_samples(login):
    township = login("township")
    names = [
        row["name"]
        for row in township.call(
            "product.product", "search_read", [], ["name"], context={"lang": "zh_CN"}
        )
    ]
    assert "金银花" in names and "猕猴桃" in names
    assert not [n for n in names if "Desk" in n or "Sofa" in n or "Chair" in n]
