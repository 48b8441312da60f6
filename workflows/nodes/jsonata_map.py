"""JSONata map: reshape each item, or the whole batch at once, with one JSONata expression."""

from __future__ import annotations

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class JsonataMap(Node):
    spec = NodeSpec(
        type_id="core.jsonata.map",
        version=1,
        display_name="JSONata Map",
        description="Reshapes items with a JSONata expression.",
        category="Transform",
        icon="braces",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "expression": {
                    "type": "string",
                    "title": "Expression",
                    "description": "JSONata; the item is the input, $trigger the run's payload.",
                    "minLength": 1,
                    "default": "$",
                },
                "mode": {
                    "type": "string",
                    "title": "Apply to",
                    "enum": ["each", "all"],
                    "default": "each",
                },
            },
            "required": ["expression"],
            "additionalProperties": False,
        },
        ui={
            "expression": {"widget": "jsonata", "placeholder": "{ 'reference': order.ref }"},
            "mode": {
                "widget": "select",
                "options": [
                    {"value": "each", "label": "Each item on its own"},
                    {"value": "all", "label": "All items at once, as an array"},
                ],
            },
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("expression",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        expression = compile_field(self.config["expression"], "expression", "mapping.invalid")
        items = inputs.get("main", [])
        if self.config.get("mode", "each") == "all":
            data = [item.json for item in items]
            result = evaluate(expression, data, ctx, field="expression", code="mapping.failed")
            values = result if isinstance(result, list) else [] if result is None else [result]
            return NodeResult.on("main", [Item(value) for value in values])
        mapped = []
        for index, item in enumerate(items):
            value = evaluate(
                expression, item.json, ctx, field="expression", index=index, code="mapping.failed"
            )
            # JSONata "undefined" drops the item, so an expression can also filter.
            if value is not None:
                mapped.append(Item(value, item.source_node, item.source_index))
        return NodeResult.on("main", mapped)
