"""The order message node against the sandbox over HTTP."""

from __future__ import annotations

import httpx
import pytest

from connectors.prestashop.order_messages import AddOrderMessage
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.server import RunningSandbox
from workflows.sdk import NodeContext, NodeError
from workflows.testing import MemoryLedger, execute_node


def context(sandbox: RunningSandbox) -> NodeContext:
    return NodeContext(
        "run-1",
        "workflow-1",
        "node-1",
        credentials={"baseUrl": sandbox.url, "apiKey": DEMO_KEY},
        http=httpx.Client(timeout=5),
    )


def messages_of(sandbox: RunningSandbox, order_id: int) -> list[dict[str, object]]:
    answer = httpx.get(
        f"{sandbox.url}/api/messages?display=full&filter[id_order]=[{order_id}]&output_format=JSON",
        auth=(DEMO_KEY, ""),
    ).json()
    return list(answer["messages"]) if answer else []


def test_it_adds_a_private_message_to_an_order_once(fresh_shop: RunningSandbox) -> None:
    ctx = context(fresh_shop)
    item = {"orderId": 12, "message": "Infor order 1000000001"}
    first = execute_node(AddOrderMessage, {}, [item], ctx=ctx)["main"]
    again = execute_node(AddOrderMessage, {}, [item], ctx=ctx)["main"]
    stored = messages_of(fresh_shop, 12)
    assert [m["message"] for m in stored] == ["Infor order 1000000001"]
    assert stored[0]["private"] in (1, "1")
    assert first[0]["messageId"] == again[0]["messageId"]


def test_it_refuses_an_empty_message_naming_the_field(fresh_shop: RunningSandbox) -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(
            AddOrderMessage, {}, [{"orderId": 12, "message": " "}], ctx=context(fresh_shop)
        )
    assert caught.value.field == "message"


def test_it_adds_the_message_after_an_attempt_that_failed_half_way(
    fresh_shop: RunningSandbox,
) -> None:
    ctx = context(fresh_shop)
    ctx.effects = MemoryLedger()
    item = {"orderId": 12, "message": "Infor order 1000000002"}
    httpx.post(
        f"{fresh_shop.url}/admin/faults",
        json={"resource": "messages", "errorRate": 1, "errorStatus": 503},
    )
    with pytest.raises(NodeError):
        execute_node(AddOrderMessage, {}, [item], ctx=ctx)
    httpx.delete(f"{fresh_shop.url}/admin/faults")

    [added] = execute_node(AddOrderMessage, {}, [item], ctx=ctx)["main"]
    [again] = execute_node(AddOrderMessage, {}, [item], ctx=ctx)["main"]

    assert [m["message"] for m in messages_of(fresh_shop, 12)] == ["Infor order 1000000002"]
    assert added["messageId"] == again["messageId"]
