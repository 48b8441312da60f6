"""If and switch send items down the branch whose condition they meet."""

from __future__ import annotations

import pytest

from workflows.nodes.branching import If, Switch
from workflows.sdk import NodeError
from workflows.testing import execute_node

RULES = [
    {"name": "big", "condition": "total > 100"},
    {"name": "medium", "condition": "total > 10"},
]


def test_it_splits_items_into_true_and_false() -> None:
    out = execute_node(If, {"condition": "paid"}, [{"paid": True}, {"paid": False}, {}])
    assert out["true"] == [{"paid": True}]
    assert out["false"] == [{"paid": False}, {}]


def test_it_treats_empty_values_as_false() -> None:
    out = execute_node(If, {"condition": "tags"}, [{"tags": []}, {"tags": ["x"]}, {"tags": ""}])
    assert out["true"] == [{"tags": ["x"]}]
    assert len(out["false"]) == 2


def test_it_names_the_failing_item_of_a_condition() -> None:
    with pytest.raises(NodeError) as caught:
        execute_node(If, {"condition": "a + 1 > 0"}, [{"a": 1}, {"a": "x"}])
    assert caught.value.details["itemIndex"] == 1


def test_it_sends_each_item_to_the_first_matching_rule() -> None:
    out = execute_node(Switch, {"rules": RULES}, [{"total": 500}, {"total": 50}, {"total": 5}])
    assert out == {"big": [{"total": 500}], "medium": [{"total": 50}], "fallback": [{"total": 5}]}


def test_it_drops_unmatched_items_without_fallback() -> None:
    out = execute_node(Switch, {"rules": RULES, "fallback": False}, [{"total": 5}])
    assert "fallback" not in out
    assert out["big"] == out["medium"] == []


def test_it_offers_one_output_per_rule() -> None:
    _inputs, outputs = Switch.ports({"rules": RULES, "fallback": True})
    assert [p.name for p in outputs] == ["big", "medium", "fallback", "error"]
    _inputs, outputs = Switch.ports({"rules": RULES, "fallback": False})
    assert [p.name for p in outputs] == ["big", "medium", "error"]


def test_it_offers_ports_for_a_config_still_being_edited() -> None:
    _inputs, outputs = Switch.ports({"rules": [{"condition": "true"}, "junk", RULES[0]]})
    assert [p.name for p in outputs] == ["big", "fallback", "error"]
    _inputs, outputs = Switch.ports({"rules": "junk", "fallback": False})
    assert [p.name for p in outputs] == ["error"]


def test_it_refuses_rules_with_the_same_name() -> None:
    issues = Switch.validate_config({"rules": [RULES[0], RULES[0]], "fallback": True})
    assert [issue.field for issue in issues] == ["rules.1.name"]


def test_it_reports_rules_that_are_not_a_list() -> None:
    issues = Switch.validate_config({"rules": 7})
    assert [issue.field for issue in issues] == ["rules"]
