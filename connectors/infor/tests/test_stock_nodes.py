"""Stock nodes against the sandbox: balances, unknown items, and the cursor of the delta feed."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.stock_nodes import StockBalances, StockChanges
from workflows.sdk import Item, NodeContext, NodeError


def run(node: Any, ctx: NodeContext, *payloads: Any) -> list[Any]:
    result = node.execute(ctx, {"main": [Item(p) for p in payloads]})
    return [item.json for item in result.outputs["main"]]


def test_it_reads_balances_per_item_and_warehouse(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    node = StockBalances({"warehouses": ["001", "002"]})
    rows = run(node, node_context, {"item": "SKU-00001"})
    assert [(r["item"], r["warehouse"]) for r in rows] == [
        ("SKU-00001", "001"),
        ("SKU-00001", "002"),
    ]
    expected = sandbox.world.tenant.balances[("001", "SKU-00001")].av01
    assert rows[0]["allocatable"] == expected


def test_it_skips_or_fails_on_items_m3_does_not_know(node_context: NodeContext) -> None:
    skip = StockBalances({"warehouses": ["001"], "unknownItems": "skip"})
    assert run(skip, node_context, {"item": "SKU-00025"}, {"item": "SKU-00001"})[0]["item"] == (
        "SKU-00001"
    )
    with pytest.raises(NodeError) as caught:
        run(StockBalances({"warehouses": ["001"]}), node_context, {"item": "SKU-00025"})
    assert caught.value.field == "ITNO"


def test_it_reads_a_whole_warehouse(node_context: NodeContext) -> None:
    rows = run(StockBalances({"warehouses": ["002"], "mode": "warehouse"}), node_context)
    assert len(rows) >= 300
    assert {r["warehouse"] for r in rows} == {"002"}


def test_it_feeds_only_changes_since_the_stored_cursor(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    node = StockChanges({})
    first = run(node, node_context)
    assert len(first) == len(sandbox.world.tenant.balances)
    assert run(node, node_context) == []
    tenant = sandbox.world.tenant
    with tenant.lock:
        tenant.move_stock("002", "SKU-00003", on_hand=5)
    [change] = run(node, node_context)
    assert (change["item"], change["warehouse"]) == ("SKU-00003", "002")
    assert int(node_context.state.get("lmts")) > 0


def test_it_filters_the_feed_by_warehouse(node_context: NodeContext) -> None:
    rows = run(StockChanges({"warehouses": ["001"]}), node_context)
    assert rows
    assert {r["warehouse"] for r in rows} == {"001"}
