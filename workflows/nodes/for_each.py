"""For each: turn a list inside each item into one item per element, keeping lineage."""

from __future__ import annotations

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class ForEach(Node):
    spec = NodeSpec(
        type_id="core.for_each",
        version=1,
        display_name="For Each",
        description="Emits one item per element of a list found in each item.",
        category="Flow",
        icon="repeat",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "list": {
                    "type": "string",
                    "title": "List",
                    "description": "JSONata giving the list to split, e.g. order.lines.",
                    "minLength": 1,
                    "default": "$",
                },
                "emptyIsError": {
                    "type": "boolean",
                    "title": "Fail when the list is missing",
                    "default": False,
                },
            },
            "required": ["list"],
            "additionalProperties": False,
        },
        ui={
            "list": {"widget": "jsonata", "placeholder": "associations.order_rows"},
            "emptyIsError": {
                "widget": "select",
                "options": [
                    {"value": False, "label": "Skip items without a list"},
                    {"value": True, "label": "Fail on items without a list"},
                ],
            },
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("list",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        expression = compile_field(self.config["list"], "list")
        elements: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            value = evaluate(expression, item.json, ctx, field="list", index=index)
            if value is None and self.config.get("emptyIsError", False):
                raise NodeError(
                    "for_each.no_list",
                    f"Item {index} has no list at '{self.config['list']}'.",
                    error_class=ErrorClass.VALIDATION,
                    field="list",
                    details={"itemIndex": index},
                )
            # JSONata collapses a one-element sequence to the element itself.
            values = value if isinstance(value, list) else [] if value is None else [value]
            elements.extend(Item(v, item.source_node, item.source_index) for v in values)
        return NodeResult(outputs={"main": elements}, metrics={"elements": len(elements)})
