"""Merge joins two branches by appending, by position, by key, or by choosing one."""

from __future__ import annotations

from workflows.nodes.merge import Merge
from workflows.testing import execute_node

ORDERS = [{"ref": "A", "qty": 1}, {"ref": "B", "qty": 2}, {"ref": "C", "qty": 3}]
STOCK = [{"sku": "B", "stock": 9}, {"sku": "A", "stock": 4}, {"sku": "Z", "stock": 0}]


def test_it_appends_b_after_a() -> None:
    out = execute_node(Merge, {"mode": "append"}, {"a": [1, 2], "b": [3]})
    assert out["main"] == [1, 2, 3]


def test_it_passes_on_what_arrived_when_one_branch_is_empty() -> None:
    out = execute_node(Merge, {"mode": "append"}, {"b": [3]})
    assert out["main"] == [3]


def test_it_combines_by_position() -> None:
    out = execute_node(Merge, {"mode": "combineByPosition"}, {"a": ORDERS, "b": STOCK[:2]})
    assert out["main"] == [
        {"ref": "A", "qty": 1, "sku": "B", "stock": 9},
        {"ref": "B", "qty": 2, "sku": "A", "stock": 4},
    ]


def test_it_can_keep_unpaired_items_when_combining_by_position() -> None:
    config = {"mode": "combineByPosition", "includeUnpaired": True}
    out = execute_node(Merge, config, {"a": [{"x": 1}, {"x": 2}], "b": [{"y": 1}]})
    assert out["main"] == [{"x": 1, "y": 1}, {"x": 2}]


def test_it_combines_by_key_keeping_only_matches() -> None:
    config = {"mode": "combineByKey", "keyA": "ref", "keyB": "sku"}
    out = execute_node(Merge, config, {"a": ORDERS, "b": STOCK})
    assert out["main"] == [
        {"ref": "A", "qty": 1, "sku": "A", "stock": 4},
        {"ref": "B", "qty": 2, "sku": "B", "stock": 9},
    ]


def test_it_combines_by_key_as_a_left_and_outer_join() -> None:
    base = {"mode": "combineByKey", "keyA": "ref", "keyB": "sku"}
    left = execute_node(Merge, {**base, "join": "left"}, {"a": ORDERS, "b": STOCK})
    assert left["main"][2] == {"ref": "C", "qty": 3}
    outer = execute_node(Merge, {**base, "join": "outer"}, {"a": ORDERS, "b": STOCK})
    assert outer["main"][-1] == {"sku": "Z", "stock": 0}
    assert len(outer["main"]) == 4


def test_it_wraps_values_that_are_not_objects() -> None:
    out = execute_node(Merge, {"mode": "combineByPosition"}, {"a": [1], "b": ["x"]})
    assert out["main"] == [{"a": 1, "b": "x"}]


def test_it_chooses_one_branch() -> None:
    out = execute_node(Merge, {"mode": "chooseBranch", "branch": "b"}, {"a": [1], "b": [2]})
    assert out["main"] == [2]


def test_it_requires_key_expressions_to_combine_by_key() -> None:
    issues = Merge.validate_config({"mode": "combineByKey", "keyA": "ref", "keyB": " "})
    assert [issue.field for issue in issues] == ["keyB"]
