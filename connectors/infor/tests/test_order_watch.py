"""Polling order statuses: only what moved since the last run, then forgotten when final."""

from __future__ import annotations

import pytest

from connectors.infor import order_watch
from connectors.infor.order_nodes import CreateSalesOrder
from connectors.infor.order_watch import OrderStatusChanges
from connectors.infor.sandbox.lifecycle import deliver_now
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.status_codes import shop_status
from workflows.sdk import Item, NodeContext


def order(reference: str) -> dict[str, object]:
    return {"customer": "WEB0000006", "reference": reference, "lines": [{"item": "SKU-00011"}]}


def poll(ctx: NodeContext, *payloads: object, customers: list[str] | None = None) -> list[dict]:
    node = OrderStatusChanges({"customers": customers or []})
    result = node.execute(ctx, {"main": [Item(p) for p in payloads]})
    return [item.json for item in result.outputs["main"]]


def test_it_reports_new_and_moved_orders_only(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    tenant = sandbox.world.tenant
    with tenant.lock:
        tenant.move_stock("001", "SKU-00011", on_hand=20)
    create = CreateSalesOrder({})
    create.execute(node_context, {"main": [Item(order("PS-1")), Item(order("PS-2"))]})
    first = poll(node_context, customers=["WEB0000006"])
    assert [o["reference"] for o in first] == ["PS-1", "PS-2"]
    assert first[0]["previous"] == ""
    assert poll(node_context, customers=["WEB0000006"]) == []
    sandbox.world.clock.advance(3600)
    moved = poll(node_context, {"customer": "WEB0000006", "reference": "PS-1"})
    assert [(o["reference"], o["highestLineStatus"]) for o in moved] == [("PS-1", "44")]
    assert moved[0]["previous"] == "20/33/33"


def test_it_forgets_the_oldest_final_orders_beyond_its_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(order_watch, "REMEMBERED", 1)
    seen = {"1": "final:20/77/77", "2": "20/33/33", "3": "final:20/77/77"}
    assert order_watch._pruned(seen) == {"2": "20/33/33", "3": "final:20/77/77"}


def test_it_reports_an_invoiced_order_once(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    tenant = sandbox.world.tenant
    with tenant.lock:
        tenant.move_stock("001", "SKU-00011", on_hand=20)
    CreateSalesOrder({}).execute(node_context, {"main": [Item(order("PS-3"))]})
    sandbox.world.clock.advance(3 * 3600)
    [done] = poll(node_context, customers=["WEB0000006"])
    assert done["shopStatus"] == "invoiced"
    assert poll(node_context, customers=["WEB0000006"]) == []


def test_it_reports_each_part_of_a_split_shipment_even_when_the_header_stays(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    tenant = sandbox.world.tenant
    with tenant.lock:
        tenant.move_stock("001", "SKU-00011", on_hand=20)
    three = {**order("PS-4"), "lines": [{"item": "SKU-00011", "quantity": 3}]}
    CreateSalesOrder({}).execute(node_context, {"main": [Item(three)]})
    [created] = poll(node_context, customers=["WEB0000006"])
    placed = tenant.orders[created["orderNumber"]]

    with tenant.lock:
        deliver_now(tenant, placed, {1: 1})
    [first] = poll(node_context, customers=["WEB0000006"])
    with tenant.lock:
        deliver_now(tenant, placed, {1: 1})
    [second] = poll(node_context, customers=["WEB0000006"])

    # One line, 1 then 2 of 3 delivered: the header says 20/36/36 both times.
    assert (first["lowestLineStatus"], first["highestLineStatus"]) == ("36", "36")
    assert (second["lowestLineStatus"], second["highestLineStatus"]) == ("36", "36")
    assert first["shopStatus"] == second["shopStatus"] == "partially_shipped"
    assert second["lines"][0]["delivered"] == 2
    assert poll(node_context, customers=["WEB0000006"]) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["33", "33"], "processing"),
        (["36", "33"], "partially_shipped"),
        (["46", "44"], "partially_shipped"),
        (["66", "33"], "partially_shipped"),
        (["66", "66"], "shipped"),
        (["77", "67"], "shipped"),
    ],
)
def test_it_tells_a_partly_delivered_line_from_the_line_statuses(
    lines: list[str], expected: str
) -> None:
    assert shop_status("20", min(lines), max(lines), lines) == expected
