"""Call sub-workflow: run another workflow with a payload made from each item."""

from __future__ import annotations

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class CallWorkflow(Node):
    spec = NodeSpec(
        type_id="core.workflow.call",
        version=1,
        display_name="Call Workflow",
        description="Runs another workflow for each item and passes on what it returns.",
        category="Workflows",
        icon="workflow",
        kind="action",
        config_schema={
            "type": "object",
            "properties": {
                "workflowId": {"type": "string", "title": "Workflow", "minLength": 1},
                "payload": {
                    "type": "string",
                    "title": "Payload (JSONata)",
                    "description": "What the called workflow's trigger receives.",
                    "minLength": 1,
                    "default": "$",
                },
            },
            "required": ["workflowId", "payload"],
            "additionalProperties": False,
        },
        ui={
            "workflowId": {"widget": "select", "optionsSource": "workflows"},
            "payload": {"widget": "jsonata"},
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=300.0,
        side_effects="unsafe",
        expression_fields=("payload",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        if ctx.call_workflow is None:
            raise NodeError(
                "workflow.call_unavailable",
                "This run cannot call other workflows.",
                error_class=ErrorClass.BUG,
            )
        expression = compile_field(self.config["payload"], "payload")
        results = []
        for index, item in enumerate(inputs.get("main", [])):
            payload = evaluate(expression, item.json, ctx, field="payload", index=index)
            output = ctx.call_workflow(self.config["workflowId"], payload)
            results.append(Item(output, item.source_node, item.source_index))
        return NodeResult.on("main", results)
