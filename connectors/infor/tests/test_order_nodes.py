"""The order nodes against the sandbox: create once, rejections, status, tracking, invoices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from connectors.infor.m3 import M3Client
from connectors.infor.order_nodes import (
    CancelSalesOrder,
    CreateSalesOrder,
    GetDeliveries,
    GetInvoices,
    GetOrderStatus,
)
from connectors.infor.sales_orders import NotCancellable, cancel_order
from connectors.infor.sandbox.serve import RunningSandbox
from workflows.sdk import Item, NodeContext, NodeError
from workflows.testing import MemoryBindings, MemoryLedger


def web_order(reference: str = "PS-000123", item: str = "SKU-00011") -> dict[str, Any]:
    return {
        "customer": "WEB0000004",
        "reference": reference,
        "lines": [{"item": item, "quantity": 1, "price": 19.9}],
        "deliveryAddress": {
            "name": "Jane Doe",
            "line1": "1 Main St",
            "postalCode": "75001",
            "city": "Paris",
            "country": "FR",
        },
        "text": "Please ring twice",
    }


def run(node: Any, ctx: NodeContext, *payloads: Any) -> list[Any]:
    result = node.execute(ctx, {"main": [Item(p) for p in payloads]})
    return [item.json for item in result.outputs["main"]]


@pytest.fixture
def stocked(sandbox: RunningSandbox) -> None:
    tenant = sandbox.world.tenant
    with tenant.lock:
        tenant.move_stock("001", "SKU-00011", on_hand=50)


def test_it_creates_an_order_with_the_shop_reference_in_cuor(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [outcome] = run(CreateSalesOrder({}), node_context, web_order())
    assert outcome["created"] is True
    order = sandbox.world.tenant.orders[outcome["orderNumber"]]
    assert (order.cuor, order.ship_to["TOWN"], order.lines[0].sapr) == ("PS-000123", "Paris", 19.9)


def test_it_returns_the_existing_order_instead_of_creating_a_second(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [first] = run(CreateSalesOrder({}), node_context, web_order())
    node_context.effects = MemoryLedger()
    [second] = run(CreateSalesOrder({}), node_context, web_order())
    assert second["orderNumber"] == first["orderNumber"]
    assert second["created"] is False
    assert len(sandbox.world.tenant.orders) == 1


def test_it_answers_a_done_effect_from_the_ledger_without_calling_m3(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    run(CreateSalesOrder({}), node_context, web_order())
    calls = sandbox.world.calls
    [again] = run(CreateSalesOrder({}), node_context, web_order())
    assert again["created"] is True
    assert sandbox.world.calls == calls


def test_it_reconciles_a_pending_effect_by_the_reference(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [first] = run(CreateSalesOrder({}), node_context, web_order())
    ledger = MemoryLedger()
    key = "infor.m3.sales_order:FERRY_TST:PS-000123"
    ledger.begin(key, "infor.m3.sales_order.create", web_order())
    node_context.effects = ledger
    [outcome] = run(CreateSalesOrder({}), node_context, web_order())
    assert outcome["orderNumber"] == first["orderNumber"]
    assert ledger.status(key) == "done"
    node_context.attempt = 2
    assert CreateSalesOrder({}).reconcile(node_context, key, web_order("PS-404")) is None


def test_it_waits_for_another_run_creating_the_same_order_instead_of_making_two(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    ledger = MemoryLedger()
    key = "infor.m3.sales_order:FERRY_TST:PS-000123"
    # Another run began this effect and is still talking to M3.
    ledger.begin(key, "infor.m3.sales_order.create", web_order())
    node_context.effects = ledger
    with pytest.raises(NodeError) as waiting:
        run(CreateSalesOrder({}), node_context, web_order())
    assert (waiting.value.code, waiting.value.retryable) == ("infor.m3.order_in_progress", True)
    assert waiting.value.retry_after == 10.0
    assert sandbox.world.tenant.batch_orders == {}

    # The other run finished meanwhile: the retry answers with its order.
    ledger.complete(key, {"orderNumber": "1000000042", "created": True})
    node_context.attempt = 2
    [outcome] = run(CreateSalesOrder({}), node_context, web_order())
    assert outcome["orderNumber"] == "1000000042"
    assert sandbox.world.tenant.batch_orders == {}


def test_it_turns_a_rejected_batch_into_an_error_with_m3s_messages(
    node_context: NodeContext,
) -> None:
    with pytest.raises(NodeError) as caught:
        run(CreateSalesOrder({}), node_context, web_order(item="SKU-00025"))
    assert caught.value.code == "infor.m3.order_rejected"
    assert caught.value.details["messages"][0]["data"] == "SKU-00025"
    assert "does not exist" in caught.value.message


def test_it_reports_an_unknown_customer_by_its_field(node_context: NodeContext) -> None:
    with pytest.raises(NodeError) as caught:
        run(CreateSalesOrder({}), node_context, {**web_order(), "customer": "WEB9999999"})
    assert (caught.value.code, caught.value.field) == ("infor.m3.WCU0203", "CUNO")


def test_it_names_a_missing_line_item_before_calling_m3(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    with pytest.raises(NodeError) as caught:
        run(CreateSalesOrder({}), node_context, {**web_order(), "lines": [{"quantity": 1}]})
    assert caught.value.field == "lines.0.item"
    assert sandbox.world.calls == 0


def test_it_follows_an_order_to_shipped_with_tracking_and_invoiced(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    lookup = {"customer": "WEB0000004", "reference": "PS-000123"}
    [status] = run(GetOrderStatus({}), node_context, lookup)
    assert (status["shopStatus"], status["lines"][0]["statusText"]) == ("processing", "allocated")
    sandbox.world.clock.advance(2 * 3600)
    [shipped] = run(GetOrderStatus({}), node_context, {"orderNumber": created["orderNumber"]})
    assert shipped["shopStatus"] == "shipped"
    [deliveries] = run(GetDeliveries({}), node_context, lookup)
    assert deliveries["trackingNumbers"][0].startswith("JD")
    assert deliveries["deliveries"][0]["packages"][0]["trackingNumber"]
    sandbox.world.clock.advance(3600)
    [invoices] = run(GetInvoices({}), node_context, lookup)
    assert invoices["invoices"][0]["amount"] == pytest.approx(19.9 * 1.2)


def test_it_says_when_no_order_has_the_reference(node_context: NodeContext) -> None:
    with pytest.raises(NodeError) as caught:
        run(GetOrderStatus({}), node_context, {"customer": "WEB0000004", "reference": "NOPE"})
    assert caught.value.code == "infor.m3.order_not_found"


def test_it_makes_a_throttled_call_a_retryable_error(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    sandbox.world.faults.next_statuses = [429]
    with pytest.raises(NodeError) as caught:
        run(GetOrderStatus({}), node_context, {"orderNumber": "1000000001"})
    assert caught.value.retryable
    assert caught.value.retry_after == 30.0


def test_it_records_the_order_binding_and_trusts_it_next_time(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    node_context.bindings = MemoryBindings()
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    binding = node_context.bindings.lookup("order", "default", shop_id="PS-000123")
    assert binding is not None
    assert binding["inforId"] == created["orderNumber"]
    node_context.effects = MemoryLedger()
    calls = sandbox.world.calls
    [again] = run(CreateSalesOrder({}), node_context, web_order())
    assert (again["orderNumber"], again["created"]) == (created["orderNumber"], False)
    assert sandbox.world.calls == calls


def cancel(ctx: NodeContext, *payloads: Any) -> tuple[list[Any], list[Any]]:
    result = CancelSalesOrder({"reasonCode": "CAN"}).execute(
        ctx, {"main": [Item(p) for p in payloads]}
    )
    main = [item.json for item in result.outputs["main"]]
    return main, [item.json for item in result.outputs["not_cancellable"]]


def test_it_cancels_an_allocated_order_by_deleting_its_lines_then_the_head(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    node_context.effects = MemoryLedger()

    [done], refused = cancel(node_context, {"orderNumber": created["orderNumber"], "orderId": 5})

    assert refused == []
    assert (done["cancelled"], done["deletedLines"], done["orderId"]) == (True, 1, 5)
    order = sandbox.world.tenant.orders[created["orderNumber"]]
    assert (order.stat, [line.status for line in order.lines]) == ("90", ["99"])


def test_it_cancels_an_order_found_by_its_shop_reference_once(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    run(CreateSalesOrder({}), node_context, web_order())
    node_context.effects = MemoryLedger()
    by_reference = {"customer": "WEB0000004", "reference": "PS-000123"}
    [first], _ = cancel(node_context, by_reference)
    calls = sandbox.world.calls
    # The ledger answers a repeated cancellation without asking M3 anything.
    [again], _ = cancel(node_context, {"orderNumber": first["orderNumber"]})
    assert (again["cancelled"], again["deletedLines"]) == (True, 1)
    assert sandbox.world.calls == calls


def test_it_says_an_order_deleted_in_m3_is_already_cancelled(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    with sandbox.world.tenant.lock:
        sandbox.world.tenant.orders[created["orderNumber"]].stat = "90"
    [done], _ = cancel(node_context, {"orderNumber": created["orderNumber"]})
    assert (done["alreadyCancelled"], done["deletedLines"]) == (True, 0)


def test_it_leaves_a_delivered_order_whole_and_says_which_line_stops_it(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    order = web_order()
    order["lines"].append({"item": "SKU-00011", "quantity": 2, "price": 19.9})
    [created] = run(CreateSalesOrder({}), node_context, order)
    with sandbox.world.tenant.lock:
        sandbox.world.tenant.orders[created["orderNumber"]].lines[1].status = "66"
    ledger = MemoryLedger()
    node_context.effects = ledger

    cancelled, [refused] = cancel(node_context, {"orderNumber": created["orderNumber"]})

    assert cancelled == []
    assert refused["cancelled"] is False
    assert "line 2 (SKU-00011) is delivered (66)" in refused["reason"]
    m3_order = sandbox.world.tenant.orders[created["orderNumber"]]
    assert (m3_order.stat, [line.status for line in m3_order.lines]) == ("20", ["33", "66"])
    # Nothing was deleted, so the effect is free for a later attempt.
    key = f"infor.m3.sales_order.cancel:FERRY_TST:{created['orderNumber']}"
    assert ledger.status(key) == "failed"


def test_it_reconciles_a_pending_cancellation_by_the_header_status(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None
) -> None:
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    number = created["orderNumber"]
    node = CancelSalesOrder({})
    assert node.reconcile(node_context, "k", {"orderNumber": number}) is None
    cancel(node_context, {"orderNumber": number})
    found = node.reconcile(node_context, "k", {"orderNumber": number})
    assert found is not None
    assert found["cancelled"] is True


def interfering(
    m3: M3Client, before_delete: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> M3Client:
    """The client, with something happening in M3 just before its first DelLine arrives."""
    real = m3.execute
    pending = [before_delete]

    def execute(program: str, transaction: str, record: Any, *args: Any, **kw: Any) -> Any:
        if transaction == "DelLine" and pending:
            pending.pop()()
        return real(program, transaction, record, *args, **kw)

    monkeypatch.setattr(m3, "execute", execute)
    return m3


def _created_order(node_context: NodeContext, sandbox: RunningSandbox) -> Any:
    """A web order created in the sandbox tenant, as the tenant holds it."""
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    return sandbox.world.tenant.orders[created["orderNumber"]]


def _first_line_moves_to(status: str, order: Any, sandbox: RunningSandbox) -> Callable[[], None]:
    """What someone else does in M3 meanwhile: the order's first line moves to ``status``."""

    def move() -> None:
        with sandbox.world.tenant.lock:
            order.lines[0].status = status

    return move


def test_it_finishes_a_cancellation_another_run_began_at_the_same_moment(
    node_context: NodeContext,
    sandbox: RunningSandbox,
    stocked: None,
    m3: M3Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order = _created_order(node_context, sandbox)
    other_run_deletes_the_line = _first_line_moves_to("99", order, sandbox)

    done = cancel_order(interfering(m3, other_run_deletes_the_line, monkeypatch), order.orno)

    assert done["cancelled"] is True
    assert order.stat == "90"


def test_it_stops_a_cancellation_the_warehouse_overtook(
    node_context: NodeContext,
    sandbox: RunningSandbox,
    stocked: None,
    m3: M3Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    order = _created_order(node_context, sandbox)
    picking_starts = _first_line_moves_to("44", order, sandbox)

    with pytest.raises(NotCancellable) as stopped:
        cancel_order(interfering(m3, picking_starts, monkeypatch), order.orno)
    assert "line 1 (SKU-00011) is on picking list (44)" in stopped.value.reason
    assert order.stat == "20"


def test_it_leaves_whole_an_order_with_a_line_part_delivered(
    node_context: NodeContext, sandbox: RunningSandbox, stocked: None, m3: M3Client
) -> None:
    [created] = run(CreateSalesOrder({}), node_context, web_order())
    order = sandbox.world.tenant.orders[created["orderNumber"]]
    with sandbox.world.tenant.lock:
        order.lines[0].status = "36"  # part allocated, part delivered

    with pytest.raises(NotCancellable) as stopped:
        cancel_order(m3, order.orno)

    assert "line 1 (SKU-00011) is allocated to delivered (36)" in stopped.value.reason
    assert [line.status for line in order.lines] == ["36", *["33"] * (len(order.lines) - 1)]
    assert order.stat == "20"
