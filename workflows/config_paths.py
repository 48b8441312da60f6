"""Paths into node config, as ``NodeSpec.expression_fields`` writes them.

A path is dotted; ``[]`` after a name means "each element of this array", so
``rules[].condition`` names the condition of every switch rule.
"""

from __future__ import annotations

from typing import Any


def schema_at(schema: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The subschema ``path`` points at in an object schema, or None when it does not exist."""
    current: dict[str, Any] | None = schema
    for part in path.split("."):
        name, each = (part[:-2], True) if part.endswith("[]") else (part, False)
        if current is None:
            return None
        current = current.get("properties", {}).get(name)
        if each and current is not None:
            current = current.get("items")
    return current


def values_at(config: dict[str, Any], path: str) -> list[tuple[str, Any]]:
    """``(concrete path, value)`` for every value ``path`` reaches in ``config``; concrete
    paths carry indices (``rules.1.condition``) so a problem can name the exact field."""
    found: list[tuple[str, Any]] = [("", config)]
    for part in path.split("."):
        name, each = (part[:-2], True) if part.endswith("[]") else (part, False)
        step: list[tuple[str, Any]] = []
        for prefix, value in found:
            if not isinstance(value, dict) or name not in value:
                continue
            here = f"{prefix}.{name}" if prefix else name
            child = value[name]
            if each:
                if isinstance(child, list):
                    step.extend((f"{here}.{i}", element) for i, element in enumerate(child))
            else:
                step.append((here, child))
        found = step
    return found
