"""Status mapping tables with guards: Infor order statuses to shop order states and back.

A table is ``{"rules": [...], "ranks": {...}}``. Each rule names a ``target`` state and the
facts it applies to (``when``: fact name -> list of accepted values, or ``{"min", "max"}`` for
two-digit M3 statuses); the first rule whose facts all match wins. ``ranks`` orders states by
progress so the guard can refuse to move an order backwards; a rule with ``shipped: true``
applies only once Infor reports a delivery (fact ``delivered``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

STATUS_TABLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "target": {"type": "string", "minLength": 1},
                    "when": {
                        "type": "object",
                        "additionalProperties": {
                            "oneOf": [
                                {"type": "array", "items": {"type": "string"}},
                                {
                                    "type": "object",
                                    "properties": {
                                        "min": {"type": "number"},
                                        "max": {"type": "number"},
                                    },
                                    "additionalProperties": False,
                                },
                            ]
                        },
                    },
                    "shipped": {"type": "boolean"},
                },
                "required": ["target", "when"],
                "additionalProperties": False,
            },
        },
        "ranks": {"type": "object", "additionalProperties": {"type": "number"}},
    },
    "required": ["rules"],
    "additionalProperties": False,
}
"""JSON Schema of a status table, shared by the node config and the stored tables' API."""

# PrestaShop's default order state ids (a shop may renumber them: tables are editable).
INFOR_TO_SHOP: dict[str, Any] = {
    "rules": [
        {"name": "Deleted in Infor", "target": "6", "when": {"stat": ["90"]}},
        {
            "name": "Every line delivered",
            "target": "4",
            "when": {"lowestLine": {"min": 66, "max": 89}},
            "shipped": True,
        },
        {
            "name": "Some lines delivered",
            "target": "3",
            "when": {"highestLine": {"min": 66, "max": 89}},
        },
        {
            "name": "Allocated or picking",
            "target": "3",
            "when": {"highestLine": {"min": 22, "max": 47}},
        },
    ],
    "ranks": {
        "1": 0, "10": 0, "13": 0, "12": 5, "2": 10, "11": 10, "9": 15, "8": 0,
        "3": 30, "4": 40, "5": 50, "6": 90, "7": 95,
    },
}  # fmt: skip
"""Infor header facts (``stat``, ``lowestLine`` = ORSL, ``highestLine`` = ORST) to shop states,
after the spec's suggested mapping."""

SHOP_TO_INFOR: dict[str, Any] = {
    "rules": [{"name": "Cancelled in the shop", "target": "90", "when": {"shopState": ["6"]}}],
    "ranks": {"05": 0, "10": 10, "20": 20, "90": 90},
}
"""Shop state (fact ``shopState``) to the Infor order status to ask for."""

Verdict = Literal["move", "unchanged", "blocked", "unmapped"]


@dataclass(frozen=True)
class StatusDecision:
    """What to do with one order: ``move`` to ``target``, or why not."""

    verdict: Verdict
    target: str | None
    rule: str | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "target": self.target,
            "rule": self.rule,
            "reason": self.reason,
        }


def _matches(condition: Any, value: Any) -> bool:
    if value is None or value == "":
        return False
    if isinstance(condition, list):
        return str(value) in condition
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    low, high = condition.get("min", float("-inf")), condition.get("max", float("inf"))
    return bool(low <= number <= high)


def decide_status(table: dict[str, Any], facts: dict[str, Any], current: Any) -> StatusDecision:
    """The state an order should move to from ``facts``, with the guards applied.

    ``current`` is the order's state in the target system (None when unknown). Guards: never
    to a state ranked below ``current`` (states missing from ``ranks`` are not ordered), and
    never by a ``shipped`` rule unless ``facts["delivered"]`` is truthy.
    """
    for index, rule in enumerate(table.get("rules", [])):
        when = rule.get("when", {})
        if not all(_matches(condition, facts.get(fact)) for fact, condition in when.items()):
            continue
        name = rule.get("name") or f"rule {index + 1}"
        target = str(rule["target"])
        return _guarded(table, name, target, bool(rule.get("shipped")), facts, current)
    return StatusDecision("unmapped", None, None, "No rule of the table matches.")


def _guarded(
    table: dict[str, Any],
    name: str,
    target: str,
    shipped: bool,
    facts: dict[str, Any],
    current: Any,
) -> StatusDecision:
    current_text = None if current in (None, "") else str(current)
    if current_text == target:
        return StatusDecision("unchanged", target, name, f"Already in state {target}.")
    if shipped and not facts.get("delivered"):
        reason = f"'{name}' marks the order shipped, but Infor reports no delivery yet."
        return StatusDecision("blocked", target, name, reason)
    ranks = table.get("ranks", {})
    if current_text in ranks and target in ranks and ranks[target] < ranks[current_text]:
        reason = f"Moving from {current_text} back to {target} would undo progress."
        return StatusDecision("blocked", target, name, reason)
    return StatusDecision("move", target, name, f"'{name}' applies.")
