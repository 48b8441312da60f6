"""Carriers edited after use get a new id; the multistore ``id_shop`` context is checked."""

from __future__ import annotations

import json

from connectors.prestashop.sandbox.seed_recorded import KEY_ALL, recorded_demo_shop
from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.tests.test_rules import call

RENAME = (
    "<prestashop><carrier><id>{id}</id><name>Express</name><active>1</active></carrier>"
    "</prestashop>"
)


def carriers(shop: Shop, query: str) -> list[dict[str, object]]:
    answer = call(shop, "GET", f"carriers?{query}&output_format=JSON", KEY_ALL)
    rows: list[dict[str, object]] = json.loads(answer.body)["carriers"]
    return rows


def test_it_copies_a_carrier_that_orders_use_and_soft_deletes_the_old_one() -> None:
    shop = recorded_demo_shop("8.0")
    next_id = max(shop.table("carriers")) + 1

    answer = call(shop, "PATCH", "carriers/2", KEY_ALL, RENAME.format(id=2))

    assert answer.status == 200
    assert f"<id><![CDATA[{next_id}]]></id>" in answer.body
    rows = carriers(shop, f"display=[id,id_reference,name,deleted]&filter[id]=[2|{next_id}]")
    old, new = sorted(rows, key=lambda r: int(str(r["id"])))
    assert (old["deleted"], old["name"]) == ("1", shop.table("carriers")[2]["name"])
    assert (new["id"], new["deleted"], new["name"]) == (next_id, "0", "Express")
    assert new["id_reference"] == old["id_reference"]
    # Orders keep pointing at the carrier they were shipped with.
    assert {o["id_carrier"] for o in shop.rows("orders")} == {"2"}


def test_it_edits_a_carrier_no_order_uses_in_place() -> None:
    shop = recorded_demo_shop("8.0")
    count = len(shop.table("carriers"))

    answer = call(shop, "PATCH", "carriers/3", KEY_ALL, RENAME.format(id=3))

    assert answer.status == 200
    assert len(shop.table("carriers")) == count
    assert shop.table("carriers")[3]["name"] == "Express"


def test_it_reads_in_the_shop_context_it_is_given() -> None:
    shop = recorded_demo_shop("8.0")

    for context in ("id_shop=1", "id_shop=all", "id_shop_group=1", "id_group_shop=1"):
        answer = call(shop, "GET", f"orders?display=[id]&{context}&output_format=JSON", KEY_ALL)
        assert answer.status == 200, context
        assert [o["id"] for o in json.loads(answer.body)["orders"]] == [1, 2, 3, 4, 5]


def test_it_refuses_a_shop_or_group_that_does_not_exist_with_code_999() -> None:
    shop = recorded_demo_shop("8.0")

    no_shop = call(shop, "GET", "orders/1?id_shop=7&output_format=JSON", KEY_ALL)
    no_group = call(shop, "GET", "orders/1?id_group_shop=4&output_format=JSON", KEY_ALL)

    assert no_shop.status == no_group.status == 404
    assert json.loads(no_shop.body)["errors"][0]["code"] == 999
    assert "shop group" in json.loads(no_group.body)["errors"][0]["message"]
