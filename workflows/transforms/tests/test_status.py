"""Status tables: first matching rule, never backwards, never shipped before a delivery."""

from __future__ import annotations

import jsonschema

from workflows.transforms.status import (
    INFOR_TO_SHOP,
    SHOP_TO_INFOR,
    STATUS_TABLE_SCHEMA,
    decide_status,
)


def test_it_ships_the_default_tables_in_the_shape_of_the_schema() -> None:
    jsonschema.validate(INFOR_TO_SHOP, STATUS_TABLE_SCHEMA)
    jsonschema.validate(SHOP_TO_INFOR, STATUS_TABLE_SCHEMA)


def test_it_moves_an_allocated_order_to_processing() -> None:
    decision = decide_status(
        INFOR_TO_SHOP, {"stat": "20", "lowestLine": "33", "highestLine": "33"}, "2"
    )
    assert (decision.verdict, decision.target, decision.rule) == (
        "move",
        "3",
        "Allocated or picking",
    )


def test_it_marks_shipped_only_once_infor_reports_a_delivery() -> None:
    facts = {"stat": "20", "lowestLine": "66", "highestLine": "66"}
    blocked = decide_status(INFOR_TO_SHOP, facts, "3")
    assert (blocked.verdict, blocked.target) == ("blocked", "4")
    assert "no delivery" in blocked.reason
    shipped = decide_status(INFOR_TO_SHOP, {**facts, "delivered": True}, "3")
    assert (shipped.verdict, shipped.target) == ("move", "4")


def test_it_never_moves_an_order_backwards() -> None:
    facts = {"stat": "20", "lowestLine": "22", "highestLine": "33"}
    decision = decide_status(INFOR_TO_SHOP, facts, "4")
    assert (decision.verdict, decision.target) == ("blocked", "3")
    assert "undo progress" in decision.reason


def test_it_says_when_the_order_is_already_in_the_state() -> None:
    decision = decide_status(INFOR_TO_SHOP, {"highestLine": "44"}, 3)
    assert decision.verdict == "unchanged"


def test_it_says_when_no_rule_matches() -> None:
    decision = decide_status(INFOR_TO_SHOP, {"stat": "10", "highestLine": "10"}, "2")
    assert (decision.verdict, decision.target) == ("unmapped", None)


def test_it_maps_a_shop_cancellation_to_infor() -> None:
    decision = decide_status(SHOP_TO_INFOR, {"shopState": 6}, "20")
    assert (decision.verdict, decision.target) == ("move", "90")
