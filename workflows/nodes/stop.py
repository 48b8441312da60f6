"""Stop with Error: end a run on purpose with a reason a person can act on."""

from __future__ import annotations

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import MAIN_IN, MAIN_OUT


class StopWithError(Node):
    """Fails the run on the first item that reaches it, so the run lands in the dead letters
    with a sentence a person can act on, instead of quietly ending on a branch."""

    spec = NodeSpec(
        type_id="core.stop",
        version=1,
        display_name="Stop with Error",
        description="Fails the run with a message computed from the item, for a person to fix.",
        category="Flow",
        icon="stop",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "message": {
                    "type": "string",
                    "title": "Message (JSONata)",
                    "minLength": 1,
                    "default": "'Stopped: ' & $string($)",
                },
                "field": {
                    "type": "string",
                    "title": "Field to name (JSONata)",
                    "description": "The input field at fault; empty for none.",
                    "default": "",
                },
                "code": {
                    "type": "string",
                    "title": "Error code",
                    "pattern": "^[a-z0-9_.]+$",
                    "default": "workflow.stopped",
                },
            },
            "required": ["message"],
            "additionalProperties": False,
        },
        ui={"message": {"widget": "jsonata"}, "field": {"widget": "jsonata"}},
        inputs=(MAIN_IN,),
        outputs=(MAIN_OUT,),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("message", "field"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        items = inputs.get("main", [])
        if not items:
            return NodeResult.on("main", [])
        first = items[0].json
        message = evaluate(
            compile_field(self.config["message"], "message"), first, ctx, field="message"
        )
        field_source = str(self.config.get("field") or "")
        field = None
        if field_source:
            found = evaluate(compile_field(field_source, "field"), first, ctx, field="field")
            field = str(found) if found not in (None, "") else None
        raise NodeError(
            str(self.config.get("code") or "workflow.stopped"),
            str(message),
            error_class=ErrorClass.VALIDATION,
            field=field,
            details={"item": first},
        )
