"""For each turns the list inside each item into one item per element."""

from __future__ import annotations

import pytest

from workflows.nodes.for_each import ForEach
from workflows.sdk import Item, NodeContext, NodeError
from workflows.testing import execute_node


def test_it_emits_one_item_per_element() -> None:
    out = execute_node(
        ForEach,
        {"list": "lines"},
        [
            {"lines": [{"sku": "A"}, {"sku": "B"}]},
            {"lines": [{"sku": "C"}]},
        ],
    )
    assert out["main"] == [{"sku": "A"}, {"sku": "B"}, {"sku": "C"}]


def test_it_keeps_the_lineage_of_each_element() -> None:
    node = ForEach({"list": "lines", "emptyIsError": False})
    items = [Item({"lines": [1, 2]}, "hook", 0), Item({"lines": [3]}, "hook", 1)]
    result = node.execute(NodeContext("r", "w", "each"), {"main": items})
    assert [(i.json, i.source_index) for i in result.outputs["main"]] == [(1, 0), (2, 0), (3, 1)]
    assert result.metrics == {"elements": 3}


def test_it_treats_a_single_value_as_a_list_of_one() -> None:
    out = execute_node(ForEach, {"list": "lines"}, [{"lines": {"sku": "A"}}, {}])
    assert out["main"] == [{"sku": "A"}]


def test_it_can_fail_on_a_missing_list() -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(ForEach, {"list": "lines", "emptyIsError": True}, [{"lines": [1]}, {}])
    assert caught.value.code == "for_each.no_list"
    assert caught.value.details["itemIndex"] == 1
