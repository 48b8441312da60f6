"""Requests the recording does not contain, answered by the same rules."""

from __future__ import annotations

import base64
import json

from connectors.prestashop.sandbox.seed_generated import DEMO_KEY, READONLY_KEY, generated_shop
from connectors.prestashop.sandbox.seed_recorded import KEY_ALL, recorded_demo_shop
from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.webservice import WsRequest, WsResponse, handle


def call(
    shop: Shop, method: str, target: str, key: str, body: str = "", **headers: str
) -> WsResponse:
    path, _, query = target.partition("?")
    pairs = [tuple(p.split("=", 1)) for p in query.split("&") if p]
    token = base64.b64encode(f"{key}:".encode()).decode()
    sent = {"authorization": f"Basic {token}", **{k.lower(): v for k, v in headers.items()}}
    return handle(shop, WsRequest(method, path, [(k, v) for k, v in pairs], sent, body))


def ids_of(response: WsResponse, resource: str) -> list[int]:
    return [row["id"] for row in json.loads(response.body)[resource]]


def test_it_filters_sorts_and_limits_any_resource() -> None:
    shop = generated_shop()
    answer = call(
        shop,
        "GET",
        "customers?display=[id,lastname]&filter[id]=[10,20]&sort=[lastname_DESC,id_ASC]&limit=2,3"
        "&output_format=JSON",
        DEMO_KEY,
    )
    rows = json.loads(answer.body)["customers"]
    assert len(rows) == 3
    names = [
        r["lastname"]
        for r in json.loads(
            call(
                shop,
                "GET",
                "customers?display=[id,lastname]&filter[id]=[10,20]&sort=[lastname_DESC,id_ASC]"
                "&output_format=JSON",
                DEMO_KEY,
            ).body
        )["customers"]
    ]
    assert names == sorted(names, reverse=True)
    assert [r["lastname"] for r in rows] == names[2:5]


def test_it_answers_or_not_and_like_filters() -> None:
    shop = generated_shop()
    assert ids_of(
        call(shop, "GET", "orders?filter[id]=[7|3|900]&output_format=JSON", DEMO_KEY), "orders"
    ) == [3, 7, 900]
    remaining = ids_of(
        call(shop, "GET", "carriers?filter[id]=![1|2]&output_format=JSON", DEMO_KEY), "carriers"
    )
    assert remaining == [3]
    skus = call(
        shop,
        "GET",
        "products?display=[reference]&filter[reference]=%[-00042]%&output_format=JSON",
        DEMO_KEY,
    )
    assert json.loads(skus.body) == {"products": [{"reference": "SKU-00042"}]}


def test_it_returns_a_bare_array_for_no_json_match_and_an_empty_list_in_xml() -> None:
    shop = generated_shop()
    assert (
        call(shop, "GET", "orders?filter[reference]=[NOPE]&output_format=JSON", DEMO_KEY).body
        == "[]"
    )
    xml = call(shop, "GET", "customers?filter[email]=[nobody@example.com]", DEMO_KEY).body
    assert "<customers>\n</customers>" in xml


def test_it_gates_date_fields_behind_date_1() -> None:
    shop = generated_shop()
    refused = call(shop, "GET", "customers?filter[date_upd]=>[2026-01-01 00:00:00]", DEMO_KEY)
    assert refused.status == 500
    assert "<code><![CDATA[32]]></code>" in refused.body
    allowed = call(
        shop,
        "GET",
        "customers?date=1&filter[date_upd]=>[2024-10-01 00:00:00]&output_format=JSON",
        DEMO_KEY,
    )
    assert allowed.status == 200
    assert 0 < len(json.loads(allowed.body)["customers"]) < 500


def test_it_drops_falsy_fields_only_from_single_json_objects() -> None:
    shop = generated_shop()
    single = json.loads(call(shop, "GET", "orders/1?output_format=JSON", DEMO_KEY).body)["order"]
    listed = json.loads(
        call(shop, "GET", "orders/1?display=full&output_format=JSON", DEMO_KEY).body
    )
    assert "gift" not in single
    assert listed["orders"][0]["gift"] == 0


def test_it_types_json_integers_as_strings_on_1_7() -> None:
    shop = generated_shop(profile="1.7")
    row = json.loads(
        call(
            shop, "GET", "orders?display=[id,current_state]&limit=1&output_format=JSON", DEMO_KEY
        ).body
    )
    assert isinstance(row["orders"][0]["id"], int)
    assert isinstance(row["orders"][0]["current_state"], str)


def test_it_refuses_patch_on_1_7_and_omits_it_from_the_root_listing() -> None:
    shop = generated_shop(profile="1.7")
    body = "<prestashop><order><id>1</id><current_state>2</current_state></order></prestashop>"
    answer = call(shop, "PATCH", "orders/1", DEMO_KEY, body)
    assert answer.status == 405
    assert "Method PATCH is not valid" in answer.body
    assert 'patch="' not in call(shop, "GET", "", DEMO_KEY).body


def test_it_changes_the_order_state_through_a_new_history() -> None:
    shop = generated_shop()
    order = next(r for r in shop.rows("orders") if r["current_state"] == "10")
    history = f"<id_order>{order['id']}</id_order><id_order_state>2</id_order_state>"
    body = f"<prestashop><order_history>{history}</order_history></prestashop>"
    assert call(shop, "POST", "order_histories", DEMO_KEY, body).status == 201
    assert order["current_state"] == "2"
    assert order["valid"] == "1"
    assert shop.find("order_payments", order_reference=order["reference"])


def test_it_rolls_combination_stock_up_to_the_product_row() -> None:
    shop = generated_shop()
    child = next(r for r in shop.rows("stock_availables") if r["id_product_attribute"] != "0")
    stock = f"<id>{child['id']}</id><quantity>500</quantity>"
    body = f"<prestashop><stock_available>{stock}</stock_available></prestashop>"
    assert call(shop, "PATCH", f"stock_availables/{child['id']}", DEMO_KEY, body).status == 200
    rows = shop.find("stock_availables", id_product=child["id_product"])
    parent = next(r for r in rows if r["id_product_attribute"] == "0")
    assert int(parent["quantity"]) == sum(int(r["quantity"]) for r in rows if r is not parent)


def test_it_empties_optional_fields_a_put_leaves_out() -> None:
    shop = generated_shop()
    body = (
        "<prestashop><address><id>1</id><id_country>8</id_country><alias>Home</alias>"
        "<lastname>Doe</lastname><firstname>Ann</firstname><address1>1 Rue</address1>"
        "<city>Lyon</city></address></prestashop>"
    )
    assert call(shop, "PUT", "addresses", DEMO_KEY, body).status == 200
    assert shop.table("addresses")[1]["phone"] == ""


def test_it_names_the_missing_required_field_and_the_closest_resource() -> None:
    shop = generated_shop()
    missing = call(
        shop,
        "POST",
        "addresses",
        DEMO_KEY,
        "<prestashop><address><alias>x</alias></address></prestashop>",
    )
    assert missing.status == 400
    assert 'parameter "id_country" required' in missing.body
    unknown = call(shop, "GET", "custmers", DEMO_KEY)
    assert 'Did you mean: "customers"?' in unknown.body


def test_it_enforces_the_key_permissions_of_another_key() -> None:
    shop = generated_shop()
    assert call(shop, "GET", "addresses", READONLY_KEY).status == 401
    assert call(shop, "DELETE", "orders/1", READONLY_KEY).status == 405
    assert call(shop, "GET", "orders/1", READONLY_KEY).status == 200


def test_it_knows_the_recorded_keys_and_shop_name() -> None:
    shop = recorded_demo_shop()
    answer = call(shop, "GET", "", KEY_ALL)
    assert '<api shopName="SandboxRef">' in answer.body
    assert ("PSWS-Version", "8.0.0") in answer.headers


def test_it_builds_the_generated_shop_deterministically() -> None:
    first, second = generated_shop(3), generated_shop(3)
    assert len(first.rows("products")) >= 300
    with_combinations = {r["id_product"] for r in first.rows("combinations")}
    assert len(with_combinations) >= 100
    assert len(first.rows("customers")) == 500
    assert len({r["id_country"] for r in first.rows("addresses")}) >= 5
    assert len(first.rows("currencies")) == 3
    assert len(first.rows("orders")) == 1000
    assert len({r["current_state"] for r in first.rows("orders")}) >= 10
    assert first.rows("orders")[17] == second.rows("orders")[17]
    assert generated_shop(4).rows("orders")[17] != first.rows("orders")[17]


def test_it_turns_a_cart_into_an_order_once() -> None:
    shop = generated_shop()
    line = "<id_product>1</id_product><id_product_attribute>0</id_product_attribute>"
    rows = f"<cart_rows><cart_row>{line}<quantity>2</quantity></cart_row></cart_rows>"
    head = "<id_currency>1</id_currency><id_lang>1</id_lang><id_customer>4</id_customer>"
    cart = f"<prestashop><cart>{head}<associations>{rows}</associations></cart></prestashop>"
    created_cart = call(shop, "POST", "carts", DEMO_KEY, cart)
    assert created_cart.status == 201
    cart_id = max(shop.table("carts"))
    product = shop.table("products")[1]
    price, weight = float(product["price"]), float(product["weight"]) * 2
    stock_before = int(shop.find("stock_availables", id_product="1")[0]["quantity"])
    # Customer 4 lives in California (8.25 % on goods and shipping); Express charges its North
    # America weight range plus 2.00 handling; 150.00 and more ships free.
    assert shop.table("addresses")[4]["id_state"] == "8"
    goods = price * 1.0825 * 2
    shipping = 0.0 if round(goods, 2) >= 150 else ((9.9 if weight < 1 else 14.9) + 2) * 1.0825
    total = round(goods + round(shipping, 2), 2)
    fields = (
        f"<id_address_delivery>4</id_address_delivery><id_address_invoice>4</id_address_invoice>"
        f"<id_cart>{cart_id}</id_cart><id_currency>1</id_currency><id_lang>1</id_lang>"
        "<id_customer>4</id_customer><id_carrier>2</id_carrier><module>ps_checkpayment</module>"
        "<payment>Payment by check</payment><conversion_rate>1</conversion_rate>"
        f"<total_paid_real>0</total_paid_real><total_paid>{total:.2f}</total_paid>"
        f"<total_products>{price * 2:.2f}</total_products>"
        f"<total_products_wt>{price * 2:.2f}</total_products_wt>"
    )
    body = f"<prestashop><order>{fields}</order></prestashop>"
    answer = call(shop, "POST", "orders", DEMO_KEY, body)
    assert answer.status == 201
    order = shop.rows("orders")[-1]
    assert order["total_paid_tax_incl"] == f"{total:.6f}"
    assert order["current_state"] == "11"
    assert order["valid"] == "1"
    assert int(shop.find("stock_availables", id_product="1")[0]["quantity"]) == stock_before - 2
    assert shop.find("order_carriers", id_order=order["id"])
    again = call(shop, "POST", "orders", DEMO_KEY, body)
    assert again.status == 500
    assert "already been placed using this cart" in again.body


def test_it_serves_the_fields_each_version_has() -> None:
    legacy, current, nine = (
        generated_shop(profile="1.7"),
        generated_shop(),
        generated_shop(profile="9"),
    )
    combination = "combinations/1?output_format=JSON&display=full"
    assert (
        "quantity" in json.loads(call(legacy, "GET", combination, DEMO_KEY).body)["combinations"][0]
    )
    assert (
        "quantity"
        not in json.loads(call(current, "GET", combination, DEMO_KEY).body)["combinations"][0]
    )
    product = "products/1?display=full&output_format=JSON"
    assert (
        "meta_keywords" in json.loads(call(current, "GET", product, DEMO_KEY).body)["products"][0]
    )
    assert (
        "meta_keywords" not in json.loads(call(nine, "GET", product, DEMO_KEY).body)["products"][0]
    )
    assert "<id_employee>" in call(nine, "GET", "order_payments?schema=blank", DEMO_KEY).body


def test_it_keeps_the_product_bugs_of_the_recorded_8_0_only() -> None:
    body = "<prestashop><product><id>1</id><price>1.5</price></product></prestashop>"
    broken = call(recorded_demo_shop(), "PATCH", "products/1", KEY_ALL, body)
    assert broken.status == 500
    assert ("Content-type", "text/html; charset=utf-8") in broken.headers
    fixed = generated_shop()
    assert call(fixed, "PATCH", "products/1", DEMO_KEY, body).status == 200
    assert fixed.table("products")[1]["price"] == "1.500000"


def test_it_moves_a_product_in_its_category_and_reports_what_php_8_reports() -> None:
    shop = generated_shop()
    category = shop.table("products")[5]["id_category_default"]
    members = sorted(
        (p for p in shop.rows("products") if p["id_category_default"] == category),
        key=lambda p: int(p["position_in_category"]),
    )
    assert [p["position_in_category"] for p in members[:6]] == ["0", "1", "2", "3", "4", "5"]
    chosen = members[4]["id"]

    def patch(position: str) -> WsResponse:
        field = f"<position_in_category>{position}</position_in_category>"
        body = f"<prestashop><product><id>{chosen}</id>{field}</product></prestashop>"
        return call(shop, "PATCH", f"products/{chosen}", DEMO_KEY, body)

    assert "<code><![CDATA[134]]>" in patch("0").body
    assert "<code><![CDATA[135]]>" in patch(str(len(members) + 1)).body
    moved = patch("2")
    # The setter moves the product, then PHP 8's warning stops the save with a 500.
    assert moved.status == 500
    assert "Trying to access array offset on value of type null" in moved.body
    # Positions count from 0 but the setter's list from 1, so the product it moves is the one
    # at list index 4 (the fourth member), and everything is renumbered from 1: PrestaShop's
    # own slip.
    positions = [p["position_in_category"] for p in members[:6]]
    assert positions == ["1", "3", "4", "2", "5", "6"]


def test_every_generated_order_has_the_history_that_led_to_its_state() -> None:
    shop = generated_shop()
    answer = call(
        shop,
        "GET",
        "order_histories?display=[id_order,id_order_state,date_add]&sort=[id_ASC]"
        "&output_format=JSON",
        DEMO_KEY,
    )
    by_order: dict[str, list[dict[str, str]]] = {}
    for row in json.loads(answer.body)["order_histories"]:
        by_order.setdefault(str(row["id_order"]), []).append(row)

    assert len(by_order) == len(shop.rows("orders")) == 1000
    for order in shop.rows("orders"):
        history = by_order[order["id"]]
        assert str(history[-1]["id_order_state"]) == order["current_state"]
        assert [h["date_add"] for h in history] == sorted(h["date_add"] for h in history)
        assert history[-1]["date_add"] == order["date_upd"]
    shipped = next(o for o in shop.rows("orders") if o["current_state"] == "4")
    assert [str(h["id_order_state"]) for h in by_order[shipped["id"]]] == ["1", "2", "3", "4"]


def test_an_unsorted_product_filter_on_a_column_without_index_reads_by_default_category() -> None:
    shop = generated_shop()
    products = shop.rows("products")[:40]
    wanted = "|".join(str(p["reference"]) for p in products)

    def listed(query: str) -> list[int]:
        answer = call(shop, "GET", f"products?display=[id]&{query}&output_format=JSON", DEMO_KEY)
        return ids_of(answer, "products")

    by_reference = listed(f"filter[reference]=[{wanted}]")
    by_id = listed("filter[id]=[1,40]")
    sorted_by_id = listed(f"filter[reference]=[{wanted}]&sort=[id_ASC]")

    category = {int(p["id"]): int(p["id_category_default"]) for p in products}
    assert len(set(category.values())) > 1
    assert by_reference == sorted(category, key=lambda pid: (category[pid], pid))
    assert by_reference != sorted(category)
    assert by_id == sorted_by_id == sorted(category)
