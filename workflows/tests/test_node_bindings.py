"""Cross-reference nodes: lookup finds or queues, record binds once and routes conflicts."""

from __future__ import annotations

import pytest

from workflows.nodes.bindings import BindingLookup, BindingRecord
from workflows.sdk import NodeContext, NodeError
from workflows.testing import (
    MemoryBindings,
    MemoryServices,
    document,
    edge,
    execute_node,
    node,
    run_document,
)


def context(store: MemoryBindings | None) -> NodeContext:
    return NodeContext("run-7", "workflow-1", "node", bindings=store)


def test_it_finds_the_infor_id_of_a_shop_id() -> None:
    store = MemoryBindings()
    store.record("customer", "default", "42", "WEB0000042")
    out = execute_node(
        BindingLookup,
        {"kind": "customer", "id": "id_customer"},
        [{"id_customer": 42}, {"id_customer": 43}],
        ctx=context(store),
    )
    assert out["found"] == [{"id_customer": 42, "binding": store.bindings[0]}]
    assert out["not_found"] == [{"id_customer": 43}]
    assert store.queue == []


def test_it_looks_up_by_infor_id_within_the_connection_pair() -> None:
    store = MemoryBindings()
    store.record("order", "shop-1~m3-1", "1001", "0000123456")
    config = {"kind": "order", "by": "infor", "id": "ORNO", "shopConnection": "shop-1"}
    out = execute_node(BindingLookup, config, [{"ORNO": "0000123456"}], ctx=context(store))
    assert out["found"] == []
    config["inforConnection"] = "m3-1"
    out = execute_node(BindingLookup, config, [{"ORNO": "0000123456"}], ctx=context(store))
    assert out["found"][0]["binding"]["shopId"] == "1001"


def test_it_queues_ids_not_found_for_a_person_when_asked() -> None:
    store = MemoryBindings()
    config = {"kind": "product", "id": "id", "queueUnresolved": True}
    execute_node(BindingLookup, config, [{"id": 5}, {"id": 5}], ctx=context(store))
    assert len(store.queue) == 1
    assert (store.queue[0]["value"], store.queue[0]["count"]) == ("5", 2)
    assert store.queue[0]["runIds"] == ["run-7"]


def test_it_records_a_pair_once_and_routes_conflicts() -> None:
    store = MemoryBindings()
    config = {"kind": "product", "shopId": "id", "inforId": "itno"}
    items = [{"id": 1, "itno": "A"}, {"id": 1, "itno": "A"}, {"id": 2, "itno": "A"}]
    out = execute_node(BindingRecord, config, items, ctx=context(store))
    assert [item["binding"]["inforId"] for item in out["main"]] == ["A", "A"]
    assert len(store.bindings) == 1
    assert store.bindings[0]["sourceRunId"] == "run-7"
    conflict = out["conflict"][0]["conflict"]
    assert conflict["code"] == "binding.conflict"
    assert conflict["details"]["existing"]["shopId"] == "1"


def test_it_names_the_missing_id_when_recording() -> None:
    config = {"kind": "order", "shopId": "id", "inforId": "ORNO"}
    with pytest.raises(NodeError) as raised:
        execute_node(BindingRecord, config, [{"id": 9}], ctx=context(MemoryBindings()))
    assert (raised.value.code, raised.value.field) == ("binding.id_missing", "inforId")


def test_it_fails_clearly_without_a_store() -> None:
    with pytest.raises(NodeError, match="cross-reference store"):
        execute_node(BindingLookup, {"kind": "order", "id": "id"}, [{"id": 1}], ctx=context(None))


def test_it_gets_the_store_from_the_run_services() -> None:
    store = MemoryBindings()
    store.record("carrier", "default", "2", "DHL")
    flow = document(
        [
            node("start", "core.trigger.manual"),
            node("find", "core.bindings.lookup", {"kind": "carrier", "id": "id_carrier"}),
        ],
        [edge("start", "find")],
    )
    outcome, _, _ = run_document(flow, {"id_carrier": 2}, services=MemoryServices(bindings=store))
    assert outcome.status == "succeeded"
    assert outcome.output == [{"id_carrier": 2, "binding": store.bindings[0]}]
