"""The client against responses recorded from a real PrestaShop 8.0 (no server involved)."""

from __future__ import annotations

import base64

import httpx
import pytest

from connectors.prestashop import errors
from connectors.prestashop.client import PrestaShopClient, normalise_base_url, records_of
from connectors.prestashop.tests.recordings import KEYS, Replay, answering

BASE = "http://shop.test"


def client_for(replay: Replay, key: str = KEYS["all"]) -> PrestaShopClient:
    return PrestaShopClient(BASE, key, http=replay.client())


def test_it_reads_an_id_list() -> None:
    client = client_for(Replay(55))
    assert client.list("orders", display=None) == [{"id": i} for i in range(1, 6)]


def test_it_reads_a_bare_empty_array_as_no_records() -> None:
    assert client_for(Replay(74)).list("order_payments") == []


def test_it_reads_a_display_list_in_order_and_remembers_the_version() -> None:
    client = client_for(Replay(117))
    rows = client.list("orders", display=["id", "reference", "current_state"])
    assert rows[0] == {
        "id": 1,
        "current_state": 6,
        "total_paid_tax_incl": "68.200000",
        "reference": "XKBKNABJK",
    }
    assert client.version == "8.0.0"
    assert client.supports_patch


def test_it_gets_one_record_keeping_falsy_fields() -> None:
    replay = Replay(123)
    order = client_for(replay).get("orders", 1)
    assert order["invoice_number"] == 0
    assert order["gift_message"] == ""
    assert order["associations"]["order_rows"][1]["product_attribute_id"] == 9
    sent = replay.requests[0]
    assert sent.url.path == "/api/orders/1"
    assert sent.url.params["display"] == "full"
    assert sent.headers["Output-Format"] == "JSON"
    assert sent.headers["Authorization"] == "Basic " + base64.b64encode(
        f"{KEYS['all']}:".encode()
    ).decode("ascii")


def test_it_types_integer_strings_from_older_php() -> None:
    body = '{"orders":[{"id":"4","current_state":"6","total_paid":"9.000000","name":"7"}]}'
    http = answering(
        lambda _r: httpx.Response(200, headers={"PSWS-Version": "1.7.8.11"}, text=body)
    )
    rows = PrestaShopClient(BASE, KEYS["all"], http=http).list("orders")
    assert rows == [{"id": 4, "current_state": 6, "total_paid": "9.000000", "name": "7"}]


def test_it_drops_association_rows_broken_by_the_numeric_tag_bug() -> None:
    # Recorded 8.0: the customer's group came out as [null] in JSON.
    customers = client_for(Replay(126)).list("customers")
    assert all(row.get("associations", {}).get("groups", []) == [] for row in customers)


def test_it_reads_xml_with_numeric_tags() -> None:
    replay = Replay(100)
    client = client_for(replay)
    record = client.get_for_write("combinations", 1)
    assert record["id"] == 1
    assert record["id_product"] == 1


def test_it_reads_the_shop_name_version_and_permissions() -> None:
    info = client_for(Replay(4), KEYS["readonly"]).shop_info()
    assert info.name == "SandboxRef"
    assert info.version == "8.0.0"
    assert info.permissions["orders"] == {"GET", "HEAD"}
    assert "customers" not in info.permissions


def test_it_streams_pages_with_a_stable_sort() -> None:
    pages = [
        '{"orders":[{"id":1},{"id":2}]}',
        '{"orders":[{"id":3},{"id":4}]}',
        "[]",
    ]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"PSWS-Version": "8.1.0"}, text=pages[len(seen) - 1])

    client = PrestaShopClient(BASE, KEYS["all"], http=answering(handler))
    rows = client.iterate("orders", sort="[date_upd_ASC]", page_size=2)
    assert next(rows) == {"id": 1}
    assert len(seen) == 1
    assert [r["id"] for r in rows] == [2, 3, 4]
    assert [r.url.params["limit"] for r in seen] == ["2", "2,2", "4,2"]
    assert seen[0].url.params["sort"] == "[date_upd_ASC,id_ASC]"
    assert seen[0].url.params["date"] == "1"


def test_it_writes_xml_and_reads_the_xml_answer() -> None:
    replay = Replay(202)
    history = client_for(replay).create("order_histories", {"id_order": 2, "id_order_state": 2})
    assert history["id_order_state"] == 2
    assert history["id"] == 8
    body = replay.requests[0].content.decode()
    assert "<order_history><id_order><![CDATA[2]]></id_order>" in body
    assert "Output-Format" not in replay.requests[0].headers


def test_it_patches_on_8_and_up() -> None:
    replay = Replay(217)
    client = client_for(replay)
    client.version = "8.0.0"
    order = client.update("orders", 4, {"current_state": 2})
    assert order["current_state"] == 2
    assert replay.requests[0].method == "PATCH"
    assert "<id><![CDATA[4]]></id>" in replay.requests[0].content.decode()


def test_it_puts_the_whole_record_on_1_7() -> None:
    replay = Replay(230, 231)
    client = client_for(replay)
    client.version = "1.7.8.11"
    client.update("stock_availables", 20, {"quantity": 321})
    put = replay.requests[1]
    assert put.method == "PUT"
    body = put.content.decode()
    assert "<quantity><![CDATA[321]]></quantity>" in body
    assert "<id_product><![CDATA[1]]></id_product>" in body


def test_it_falls_back_to_ws_key_after_a_plain_text_401() -> None:
    replay = Replay(10, 28)
    client = client_for(replay)
    client.get("orders", 1, display="[id]")
    assert client.use_query_key
    assert replay.requests[1].url.params["ws_key"] == KEYS["all"]
    assert "Authorization" not in replay.requests[1].headers


@pytest.mark.parametrize(
    ("seq", "kind", "code"),
    [
        (12, errors.AuthenticationError, 18),
        (15, errors.AuthenticationError, 17),
        (16, errors.AuthenticationError, 20),
        (20, errors.PermissionDeniedError, 26),
        (22, errors.PermissionDeniedError, 25),
        (30, errors.MethodNotAllowedError, 23),
        (34, errors.MethodNotAllowedError, 101),
        (31, errors.QueryError, 27),
        (132, errors.QueryError, 36),
        (158, errors.QueryError, 32),
        (159, errors.QueryError, 32),
        (173, errors.QueryError, 37),
        (185, errors.QueryError, 81),
        (213, errors.ValidationError, 41),
        (240, errors.ValidationError, 85),
        (220, errors.NotFoundError, 92),
        (299, errors.NotFoundError, 87),
        (38, errors.TransientError, 3),
        (267, errors.TransientError, None),
        (295, errors.TransientError, None),
    ],
)
def test_it_classifies_errors_by_their_first_code(
    seq: int, kind: type[errors.PrestaShopError], code: int | None
) -> None:
    client = client_for(Replay(seq))
    with pytest.raises(kind) as caught:
        client.request("GET", "orders")
    assert type(caught.value) is kind
    assert caught.value.code == code


def test_it_names_the_field_of_a_validation_error() -> None:
    with pytest.raises(errors.ValidationError) as caught:
        client_for(Replay(213)).create("order_histories", {"id_order": 2})
    assert caught.value.field == "id_order_state"
    node_error = errors.to_node_error(caught.value)
    assert node_error.field == "id_order_state"
    assert node_error.details["prestashopCode"] == 41
    assert not node_error.retryable


def test_it_reports_a_query_error_as_permanent_although_the_status_is_500() -> None:
    with pytest.raises(errors.QueryError) as caught:
        client_for(Replay(158)).list("orders", filters={"nosuch": "[1]"})
    assert caught.value.status == 500
    assert not errors.to_node_error(caught.value).retryable
    assert errors.to_node_error(caught.value).code == "prestashop.query"


def test_it_raises_not_found_for_an_empty_404() -> None:
    with pytest.raises(errors.NotFoundError, match="order 999 does not exist"):
        client_for(Replay(188)).get("orders", 999)


def test_it_refuses_a_malformed_id_before_sending() -> None:
    replay = Replay()
    with pytest.raises(errors.ValidationError) as caught:
        client_for(replay).get("products", "demo_1")
    assert caught.value.field == "id"
    assert replay.requests == []


def test_it_says_when_the_url_is_not_a_prestashop() -> None:
    http = answering(lambda _r: httpx.Response(200, text="<html>Welcome to my blog</html>"))
    with pytest.raises(errors.NotAPrestaShopError, match="not as a PrestaShop Webservice"):
        PrestaShopClient("blog.example", KEYS["all"], http=http).shop_info()


def test_it_treats_rate_limits_as_retryable_with_their_delay() -> None:
    http = answering(lambda _r: httpx.Response(429, headers={"Retry-After": "7"}, text=""))
    with pytest.raises(errors.RateLimitedError) as caught:
        PrestaShopClient(BASE, KEYS["all"], http=http).list("orders")
    node_error = errors.to_node_error(caught.value)
    assert node_error.retryable
    assert node_error.retry_after == 7.0


def test_it_turns_timeouts_and_refused_connections_into_transient_errors() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(errors.ShopTimeoutError):
        PrestaShopClient(BASE, "k", http=answering(timeout)).list("orders")
    with pytest.raises(errors.ShopUnreachableError) as caught:
        PrestaShopClient(BASE, "k", http=answering(refused)).list("orders")
    assert errors.to_node_error(caught.value).retryable


def test_it_sends_the_shop_id_for_multistore() -> None:
    replay = Replay(55)
    PrestaShopClient(BASE, KEYS["all"], shop_id=2, http=replay.client()).list("orders")
    assert replay.requests[0].url.params["id_shop"] == "2"


def test_it_normalises_the_base_url() -> None:
    assert normalise_base_url(" shop.example/api/ ") == "https://shop.example"
    assert normalise_base_url("http://h/fr/api") == "http://h/fr"


def test_it_puts_language_fields_back_with_their_language_ids() -> None:
    replay = Replay(67, 67)
    client = client_for(replay)
    client.version = "1.7.8.11"
    client.update("order_states", 2, {"color": "#000000"})
    body = replay.requests[1].content.decode()
    assert '<name><language id="1"><![CDATA[Payment accepted]]></language></name>' in body


def test_it_restores_the_falsy_fields_a_single_json_object_drops() -> None:
    client = client_for(Replay(57))
    (order,) = records_of(client.request("GET", "orders/1"), "orders")
    assert order["invoice_number"] == 0
    assert order["gift_message"] == ""
    assert list(order)[:3] == ["id", "id_address_delivery", "id_address_invoice"]
    assert order["reference"] == "XKBKNABJK"
