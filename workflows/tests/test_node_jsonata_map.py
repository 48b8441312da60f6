"""The JSONata map node reshapes items one by one or as a batch, and reports bad expressions."""

from __future__ import annotations

import pytest

from workflows.nodes.jsonata_map import JsonataMap
from workflows.sdk import ErrorClass, NodeContext, NodeError
from workflows.testing import execute_node


def test_it_maps_each_item() -> None:
    out = execute_node(
        JsonataMap,
        {"expression": "{'ref': reference, 'total': qty * price}"},
        [
            {"reference": "A", "qty": 2, "price": 5},
            {"reference": "B", "qty": 1, "price": 3},
        ],
    )
    assert out["main"] == [{"ref": "A", "total": 10}, {"ref": "B", "total": 3}]


def test_it_maps_all_items_as_one_array() -> None:
    out = execute_node(
        JsonataMap,
        {"expression": "$sum(qty)", "mode": "all"},
        [
            {"qty": 2},
            {"qty": 5},
        ],
    )
    assert out["main"] == [7]


def test_it_splits_an_array_result_in_all_mode() -> None:
    out = execute_node(
        JsonataMap,
        {"expression": "$[qty > 1]", "mode": "all"},
        [
            {"qty": 1},
            {"qty": 2},
            {"qty": 3},
        ],
    )
    assert out["main"] == [{"qty": 2}, {"qty": 3}]


def test_it_drops_items_whose_result_is_undefined() -> None:
    out = execute_node(JsonataMap, {"expression": "missing"}, [{"a": 1}, {"missing": 2}])
    assert out["main"] == [2]


def test_it_binds_the_trigger_payload() -> None:
    ctx = NodeContext("run-1", "wf", "map", trigger_payload={"shop": "eu"})
    out = execute_node(
        JsonataMap, {"expression": "$trigger.shop & '-' & id"}, [{"id": "7"}], ctx=ctx
    )
    assert out["main"] == ["eu-7"]


def test_it_reports_an_invalid_expression_with_its_position() -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(JsonataMap, {"expression": "{'a': }"}, [{}])
    assert caught.value.code == "mapping.invalid"
    assert caught.value.error_class == ErrorClass.VALIDATION
    assert caught.value.field == "expression"
    assert caught.value.details["position"] is not None


def test_it_reports_a_failing_item_by_index() -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(JsonataMap, {"expression": "a + 1"}, [{"a": 1}, {"a": "text"}])
    assert caught.value.code == "mapping.failed"
    assert caught.value.details["itemIndex"] == 1
    assert "item 1" in caught.value.message
