"""Enrichment rules: conditions on an order's facts give values (cost centre, warehouse, ...)."""

from __future__ import annotations

from typing import Any

ENRICHMENT_RULES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "when": {
                "type": "object",
                "description": "Fact name -> accepted value or list of values; {} always matches.",
                "additionalProperties": {
                    "oneOf": [
                        {"type": ["string", "number", "boolean"]},
                        {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
                    ]
                },
            },
            "set": {"type": "object", "minProperties": 1},
        },
        "required": ["when", "set"],
        "additionalProperties": False,
    },
}
"""JSON Schema of a rules table."""


def _accepts(condition: Any, value: Any) -> bool:
    accepted = condition if isinstance(condition, list) else [condition]
    # Compared as text, case-insensitively: "fr" from one system meets "FR" from another.
    text = str(value).casefold() if value is not None else None
    return any(str(option).casefold() == text for option in accepted)


def enrich(facts: dict[str, Any], rules: list[dict[str, Any]]) -> dict[str, Any]:
    """The values set by the rules whose conditions all hold for ``facts``.

    Rules are read in order and the first rule to set a field wins, so specific rules go
    first and a catch-all (``"when": {}``) last supplies defaults.
    """
    values: dict[str, Any] = {}
    for rule in rules:
        if all(_accepts(condition, facts.get(f)) for f, condition in rule["when"].items()):
            for field, value in rule["set"].items():
                values.setdefault(field, value)
    return values
