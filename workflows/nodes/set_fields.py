"""Set: add or overwrite fields on each item with values computed by JSONata."""

from __future__ import annotations

from typing import Any

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class SetFields(Node):
    spec = NodeSpec(
        type_id="core.set",
        version=1,
        display_name="Set Fields",
        description="Adds or overwrites fields on each item with JSONata values.",
        category="Transform",
        icon="edit",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "fields": {
                    "type": "array",
                    "title": "Fields",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {
                                "type": "string",
                                "title": "Name",
                                "description": "Dotted for nested fields: customer.email.",
                                "minLength": 1,
                            },
                            "value": {"type": "string", "title": "Value (JSONata)", "minLength": 1},
                        },
                        "required": ["name", "value"],
                        "additionalProperties": False,
                    },
                    "default": [],
                },
                "keepOtherFields": {
                    "type": "boolean",
                    "title": "Keep the item's other fields",
                    "default": True,
                },
            },
            "required": ["fields"],
            "additionalProperties": False,
        },
        ui={
            "fields": {
                "widget": "keyValue",
                "keyField": "name",
                "valueField": "value",
                "valueWidget": "jsonata",
            },
            "keepOtherFields": {
                "widget": "select",
                "options": [
                    {"value": True, "label": "Keep other fields"},
                    {"value": False, "label": "Only the fields set here"},
                ],
            },
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("fields[].value",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        fields = [
            (field["name"], compile_field(field["value"], f"fields.{i}.value"))
            for i, field in enumerate(self.config.get("fields", []))
        ]
        keep = self.config.get("keepOtherFields", True)
        result = []
        for index, item in enumerate(inputs.get("main", [])):
            base = item.json if isinstance(item.json, dict) else {}
            target: dict[str, Any] = dict(base) if keep else {}
            for position, (name, expression) in enumerate(fields):
                where = f"fields.{position}.value"
                value = evaluate(expression, item.json, ctx, field=where, index=index)
                _assign(target, name.split("."), value)
            result.append(Item(target, item.source_node, item.source_index))
        return NodeResult.on("main", result)


def _assign(target: dict[str, Any], path: list[str], value: Any) -> None:
    """Set ``target[a][b]... = value``, copying nested objects rather than mutating the input."""
    head, rest = path[0], path[1:]
    if not rest:
        target[head] = value
        return
    child = target.get(head)
    target[head] = dict(child) if isinstance(child, dict) else {}
    _assign(target[head], rest, value)
