"""Merge: join the items of two branches by appending, by position or by a key."""

from __future__ import annotations

import json
from typing import Any

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import ConfigIssue, Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class Merge(Node):
    spec = NodeSpec(
        type_id="core.merge",
        version=1,
        display_name="Merge",
        description="Joins the items of two branches by appending, by position or by a key.",
        category="Flow",
        icon="merge",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "mode": {
                    "type": "string",
                    "title": "Mode",
                    "enum": ["append", "combineByPosition", "combineByKey", "chooseBranch"],
                    "default": "append",
                },
                "keyA": {"type": "string", "title": "Key in A (JSONata)", "default": ""},
                "keyB": {"type": "string", "title": "Key in B (JSONata)", "default": ""},
                "join": {
                    "type": "string",
                    "title": "Keep",
                    "enum": ["inner", "left", "outer"],
                    "default": "inner",
                },
                "includeUnpaired": {
                    "type": "boolean",
                    "title": "Keep items without a partner at the same position",
                    "default": False,
                },
                "branch": {
                    "type": "string",
                    "title": "Branch to pass on",
                    "enum": ["a", "b"],
                    "default": "a",
                },
            },
            "required": ["mode"],
            "additionalProperties": False,
        },
        ui={
            "mode": {
                "widget": "select",
                "options": [
                    {"value": "append", "label": "Append: A's items, then B's"},
                    {"value": "combineByPosition", "label": "Combine by position"},
                    {"value": "combineByKey", "label": "Combine by matching key"},
                    {"value": "chooseBranch", "label": "Choose one branch"},
                ],
            },
            "keyA": {"widget": "jsonata", "showWhen": {"mode": "combineByKey"}},
            "keyB": {"widget": "jsonata", "showWhen": {"mode": "combineByKey"}},
            "join": {
                "widget": "select",
                "showWhen": {"mode": "combineByKey"},
                "options": [
                    {"value": "inner", "label": "Only matches"},
                    {"value": "left", "label": "All of A"},
                    {"value": "outer", "label": "All of A and B"},
                ],
            },
            "includeUnpaired": {
                "widget": "select",
                "showWhen": {"mode": "combineByPosition"},
                "options": [
                    {"value": False, "label": "Drop unpaired items"},
                    {"value": True, "label": "Keep unpaired items"},
                ],
            },
            "branch": {
                "widget": "select",
                "showWhen": {"mode": "chooseBranch"},
                "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
            },
        },
        inputs=(Port("a", "Input A"), Port("b", "Input B")),
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("keyA", "keyB"),
    )

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        issues = super().validate_config(config)
        if config.get("mode") == "combineByKey":
            for field in ("keyA", "keyB"):
                if not str(config.get(field, "")).strip():
                    issues.append(ConfigIssue(field, "A key expression is required to combine."))
        return issues

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        a, b = inputs.get("a", []), inputs.get("b", [])
        mode = self.config.get("mode", "append")
        if mode == "combineByPosition":
            merged = self._by_position(a, b)
        elif mode == "combineByKey":
            merged = self._by_key(ctx, a, b)
        elif mode == "chooseBranch":
            merged = list(a if self.config.get("branch", "a") == "a" else b)
        else:
            merged = [*a, *b]
        return NodeResult.on("main", merged)

    def _by_position(self, a: list[Item], b: list[Item]) -> list[Item]:
        paired = [
            Item(combine(x.json, y.json), x.source_node, x.source_index)
            for x, y in zip(a, b, strict=False)
        ]
        if self.config.get("includeUnpaired", False):
            shorter = min(len(a), len(b))
            paired.extend([*a[shorter:], *b[shorter:]])
        return paired

    def _by_key(self, ctx: NodeContext, a: list[Item], b: list[Item]) -> list[Item]:
        join = self.config.get("join", "inner")
        keys_b = self._keys(ctx, b, "keyB")
        by_key: dict[str, list[int]] = {}
        for index, key in enumerate(keys_b):
            if key is not None:
                by_key.setdefault(key, []).append(index)
        matched_b: set[int] = set()
        merged: list[Item] = []
        for item, key in zip(a, self._keys(ctx, a, "keyA"), strict=True):
            partners = by_key.get(key, []) if key is not None else []
            matched_b.update(partners)
            merged.extend(
                Item(combine(item.json, b[p].json), item.source_node, item.source_index)
                for p in partners
            )
            if not partners and join in ("left", "outer"):
                merged.append(item)
        if join == "outer":
            merged.extend(item for index, item in enumerate(b) if index not in matched_b)
        return merged

    def _keys(self, ctx: NodeContext, items: list[Item], field: str) -> list[str | None]:
        expression = compile_field(self.config.get(field, ""), field)
        keys: list[str | None] = []
        for index, item in enumerate(items):
            value = evaluate(expression, item.json, ctx, field=field, index=index)
            # Compare keys as canonical JSON so equal objects and arrays match too.
            keys.append(None if value is None else json.dumps(value, sort_keys=True))
        return keys


def combine(a: Any, b: Any) -> Any:
    """Two objects merged (B's fields win), or ``{"a": ..., "b": ...}`` for other values."""
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **b}
    return {"a": a, "b": b}
