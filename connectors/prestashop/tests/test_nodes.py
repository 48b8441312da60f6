"""The PrestaShop nodes and connection type against the sandbox over HTTP."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

import httpx
import pytest

from connectors.prestashop import trigger
from connectors.prestashop.actions import (
    AddOrderPayment,
    ChangeOrderState,
    SearchRecords,
    SetTrackingNumber,
    UpdateStock,
)
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.credentials import PrestaShopShop
from connectors.prestashop.node_base import shop_client
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY, READONLY_KEY
from connectors.prestashop.sandbox.server import RunningSandbox
from connectors.prestashop.trigger import PrestaShopTrigger
from connectors.prestashop.upserts import UpsertCustomer, UpsertProduct
from workflows.sdk import Node, NodeContext, NodeError
from workflows.testing import (
    MemoryLedger,
    MemoryServices,
    document,
    edge,
    execute_node,
    node,
    run_document,
)


def context(sandbox: RunningSandbox, key: str = DEMO_KEY) -> NodeContext:
    return NodeContext(
        "run-1",
        "workflow-1",
        "node-1",
        credentials={"baseUrl": sandbox.url, "apiKey": key},
        http=httpx.Client(timeout=5),
    )


def run(kind: type[Node], config: dict[str, Any], items: list[Any], ctx: NodeContext) -> list[Any]:
    return execute_node(kind, config, items, ctx=ctx)["main"]


def test_it_searches_through_the_engine(shop_sandbox: RunningSandbox) -> None:
    services = MemoryServices(
        credentials={
            "shop": ("prestashop.shop", {"baseUrl": shop_sandbox.url, "apiKey": DEMO_KEY})
        },
        http=httpx.Client(timeout=5),
    )
    doc = document(
        [
            node("start", "core.trigger.manual"),
            node(
                "find",
                "prestashop.record.search",
                {"resource": "orders", "filters": {"id": "[1,3]"}, "display": "[id,reference]"},
                connection="shop",
            ),
        ],
        [edge("start", "find")],
    )
    outcome, _, _ = run_document(doc, {}, services=services)
    assert outcome.status == "succeeded", outcome.error
    assert [row["id"] for row in outcome.output] == [1, 2, 3]


def test_it_searches_with_values_from_the_item(shop_sandbox: RunningSandbox) -> None:
    ctx = context(shop_sandbox)
    config = {"resource": "orders", "filters": {"id": "=wanted"}, "display": "[id]"}
    assert run(SearchRecords, config, [{"wanted": 7}], ctx) == [{"id": 7}]


def test_it_changes_an_order_state_by_meaning_once(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    first = run(ChangeOrderState, {"state": "shipped"}, [{"orderId": 12}], ctx)
    again = run(ChangeOrderState, {"state": "shipped"}, [{"orderId": 12}], ctx)
    state = httpx.get(
        f"{fresh_shop.url}/api/orders/12?display=[current_state]&output_format=JSON",
        auth=(DEMO_KEY, ""),
    ).json()["orders"][0]["current_state"]
    assert first[0]["stateId"] == 4
    assert state == 4
    assert again[0]["changed"] is False


def test_it_sets_a_tracking_number_and_refuses_a_malformed_one(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    done = run(SetTrackingNumber, {}, [{"orderId": 3, "trackingNumber": "1Z999AA1"}], ctx)
    assert done[0]["tracking_number"] == "1Z999AA1"
    with pytest.raises(NodeError) as caught:
        run(SetTrackingNumber, {}, [{"orderId": 3, "trackingNumber": "<script>"}], ctx)
    assert caught.value.field == "trackingNumber"


def test_it_adds_a_payment_once_per_transaction(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    reference = httpx.get(
        f"{fresh_shop.url}/api/orders/5?display=[reference]&output_format=JSON",
        auth=(DEMO_KEY, ""),
    ).json()["orders"][0]["reference"]
    item = {"reference": reference, "amount": "12.50", "transactionId": "tx-77"}
    first = run(AddOrderPayment, {}, [item], ctx)
    second = run(AddOrderPayment, {}, [item], ctx)
    assert first[0]["id"] == second[0]["id"]
    assert first[0]["amount"] == "12.50"


def test_it_updates_stock_by_reference_absolute_and_delta(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    combination = httpx.get(
        f"{fresh_shop.url}/api/combinations/1?display=[id,id_product,reference]&output_format=JSON",
        auth=(DEMO_KEY, ""),
    ).json()["combinations"][0]
    absolute = run(UpdateStock, {}, [{"sku": combination["reference"], "quantity": 40}], ctx)
    delta = run(
        UpdateStock, {"mode": "delta"}, [{"sku": combination["reference"], "quantity": -5}], ctx
    )
    assert absolute[0]["quantity"] == 40
    assert delta[0]["quantity"] == 35
    assert delta[0]["id_product_attribute"] == combination["id"]


def test_it_upserts_a_customer_and_address(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    item = {
        "email": "new.buyer@example.com",
        "firstname": "Nina",
        "lastname": "Buyer",
        "address": {
            "address1": "1 Rue Neuve",
            "postcode": "69001",
            "city": "Lyon",
            "countryIso": "FR",
        },
    }
    created = run(UpsertCustomer, {}, [item], ctx)[0]
    item["firstname"] = "Nora"
    updated = run(UpsertCustomer, {}, [item], ctx)[0]
    assert created["created"] is True
    assert updated["created"] is False
    assert updated["customer"]["id"] == created["customer"]["id"]
    assert updated["customer"]["firstname"] == "Nora"
    assert updated["address"]["id"] == created["address"]["id"]
    assert created["address"]["id_country"] == 8


def test_it_upserts_a_product_with_combinations(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    item = {
        "reference": "FERRY-TEE",
        "name": "Ferry tee",
        "price": "19.90",
        "combinations": [{"reference": "FERRY-TEE-S"}, {"reference": "FERRY-TEE-M", "price": "1"}],
    }
    created = run(UpsertProduct, {}, [item], ctx)[0]
    item["price"] = "21.00"
    updated = run(UpsertProduct, {}, [item], ctx)[0]
    assert created["created"]
    assert not updated["created"]
    assert updated["product"]["price"] in ("21.00", "21.000000")
    assert [c["id"] for c in updated["combinations"]] == [c["id"] for c in created["combinations"]]


def test_it_explains_a_malformed_product_reference(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(NodeError) as caught:
        run(
            UpsertProduct,
            {},
            [{"reference": "TEE;DROP", "name": "x", "price": "1"}],
            context(shop_sandbox),
        )
    assert caught.value.field == "reference"
    assert "without < > ; = { }" in caught.value.message


def test_it_explains_a_missing_permission_in_the_run_step(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(NodeError) as caught:
        run(UpsertCustomer, {}, [{"email": "a@example.com"}], context(shop_sandbox, READONLY_KEY))
    assert caught.value.code == "prestashop.permission"
    assert "Advanced Parameters > Webservice" in caught.value.message


def test_it_needs_a_connection() -> None:
    with pytest.raises(NodeError) as caught:
        run(SearchRecords, {"resource": "orders"}, [{}], NodeContext("r", "w", "n"))
    assert caught.value.field == "connection"


def test_it_filters_module_events_and_rereads_the_record(shop_sandbox: RunningSandbox) -> None:
    ctx = context(shop_sandbox)
    event = {
        "id": "e-1",
        "event": "order.status_changed",
        "entity": {"type": "order", "id": 9},
        "data": {"current_state": 2},
    }
    kept = run(PrestaShopTrigger, {"mode": "webhook"}, [event], ctx)
    ignored = run(PrestaShopTrigger, {"mode": "webhook", "events": ["stock.changed"]}, [event], ctx)
    assert kept[0]["eventId"] == "e-1"
    assert kept[0]["record"]["id"] == 9
    assert ignored == []
    with pytest.raises(NodeError) as caught:
        run(PrestaShopTrigger, {"mode": "webhook"}, [{"hello": "world"}], ctx)
    assert caught.value.field == "payload"


def test_it_polls_changes_after_a_cursor_without_repeats(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    config = {"mode": "poll", "resource": "orders", "overlapSeconds": 30}
    assert run(PrestaShopTrigger, config, [{}], ctx) == []
    history = "<id_order>20</id_order><id_order_state>5</id_order_state>"
    httpx.post(
        f"{fresh_shop.url}/api/order_histories",
        auth=(DEMO_KEY, ""),
        content=f"<prestashop><order_history>{history}</order_history></prestashop>",
    )
    changed = run(PrestaShopTrigger, config, [{}], ctx)
    assert [row["id"] for row in changed] == [20]
    assert run(PrestaShopTrigger, config, [{}], ctx) == []


def test_it_polls_everything_in_pages_with_a_persisted_cursor(shop_sandbox: RunningSandbox) -> None:
    ctx = context(shop_sandbox)
    config = {"mode": "poll", "resource": "customers", "startFrom": "everything", "maxRecords": 300}
    first = run(PrestaShopTrigger, config, [{}], ctx)
    second = run(PrestaShopTrigger, config, [{}], ctx)
    assert len(first) == 300
    assert len({r["id"] for r in first + second}) == 500


def test_it_tests_a_connection_and_names_missing_permissions(shop_sandbox: RunningSandbox) -> None:
    http = httpx.Client(timeout=5)
    good = PrestaShopShop().test({"baseUrl": shop_sandbox.url, "apiKey": DEMO_KEY}, http)
    assert good.ok
    assert good.details["version"] == "8.1.7"
    partial = PrestaShopShop().test({"baseUrl": shop_sandbox.url, "apiKey": READONLY_KEY}, http)
    assert not partial.ok
    assert "customers: GET, POST, PUT, PATCH" in partial.message
    wrong = PrestaShopShop().test({"baseUrl": shop_sandbox.url, "apiKey": "Q" * 32}, http)
    assert not wrong.ok
    assert "copy the 32-character key" in wrong.message
    short = PrestaShopShop().test({"baseUrl": shop_sandbox.url, "apiKey": "abc"}, http)
    assert "3 characters instead of 32" in short.message
    elsewhere = PrestaShopShop().test(
        {"baseUrl": f"{shop_sandbox.url}/blog", "apiKey": DEMO_KEY}, http
    )
    assert "not as a PrestaShop Webservice" in elsewhere.message


def test_it_signs_requests_with_the_key_as_user_name() -> None:
    request = httpx.Request("GET", "https://shop.test/api/")
    signed = PrestaShopShop().authenticate(request, {"apiKey": "K" * 32})
    token = base64.b64encode(f"{'K' * 32}:".encode()).decode()
    assert signed.headers["Authorization"] == f"Basic {token}"


def test_it_reads_module_events_after_the_generic_webhook_trigger(
    shop_sandbox: RunningSandbox,
) -> None:
    services = MemoryServices(
        credentials={
            "shop": ("prestashop.shop", {"baseUrl": shop_sandbox.url, "apiKey": DEMO_KEY})
        },
        http=httpx.Client(timeout=5),
    )
    doc = document(
        [
            node("hook", "core.trigger.webhook"),
            node(
                "read", "prestashop.event.read", {"events": ["customer.created"]}, connection="shop"
            ),
        ],
        [edge("hook", "read")],
    )
    event = {"id": "e-9", "event": "customer.created", "entity": {"type": "customer", "id": 4}}
    outcome, _, _ = run_document(doc, event, services=services)
    assert outcome.status == "succeeded", outcome.error
    assert outcome.output[0]["record"]["id"] == 4


def test_it_checks_the_poll_schedule_and_shop_time_zone() -> None:
    issues = PrestaShopTrigger.validate_config(
        {"mode": "poll", "cron": "every minute", "shopTimezone": "Mars/Olympus"}
    )
    assert {issue.field for issue in issues} == {"cron", "shopTimezone"}
    assert PrestaShopTrigger.validate_config({"mode": "poll", "cron": "*/5 * * * *"}) == []


def test_it_leaves_changes_younger_than_the_settle_time_to_a_later_poll(
    fresh_shop: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = context(fresh_shop)
    config = {"mode": "poll", "resource": "orders", "overlapSeconds": 30, "settleSeconds": 60}
    assert run(PrestaShopTrigger, config, [{}], ctx) == []
    history = "<id_order>20</id_order><id_order_state>5</id_order_state>"
    httpx.post(
        f"{fresh_shop.url}/api/order_histories",
        auth=(DEMO_KEY, ""),
        content=f"<prestashop><order_history>{history}</order_history></prestashop>",
    )
    assert run(PrestaShopTrigger, config, [{}], ctx) == []
    # A minute later it is read, once.
    later = trigger.shop_now("Europe/Paris") + timedelta(seconds=61)
    monkeypatch.setattr(trigger, "shop_now", lambda zone: later)
    assert [row["id"] for row in run(PrestaShopTrigger, config, [{}], ctx)] == [20]
    assert run(PrestaShopTrigger, config, [{}], ctx) == []


def test_two_runs_that_find_an_order_in_one_state_at_once_move_it_once(
    fresh_shop: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = MemoryLedger()
    first, second = context(fresh_shop), context(fresh_shop)
    first.effects = second.effects = ledger
    client = shop_client(first)
    seen = client.get("orders", 5, display="[id,current_state,reference,date_upd]")
    histories = len(client.list("order_histories", filters={"id_order": "5"}))

    moved = run(ChangeOrderState, {"state": "shipped"}, [{"orderId": 5}], first)
    # The second run read the order before the first run's move reached the shop.
    monkeypatch.setattr(PrestaShopClient, "get", lambda *_args, **_kwargs: dict(seen))
    also = run(ChangeOrderState, {"state": "shipped"}, [{"orderId": 5}], second)
    monkeypatch.undo()

    assert seen["current_state"] == 3  # processing in progress, not yet shipped
    assert moved[0]["stateId"] == also[0]["stateId"] == 4
    after = shop_client(first).list("order_histories", filters={"id_order": "5"})
    assert len(after) == histories + 1
