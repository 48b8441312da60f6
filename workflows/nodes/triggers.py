"""Webhook and manual triggers: they start a run with the payload they were given."""

from __future__ import annotations

from typing import Any

from workflows.expressions import compile_expression
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import MAIN_OUT


class _PayloadTrigger(Node):
    """A trigger passes the run's payload on as one item."""

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        payload = [Item(item.json) for item in inputs.get("main", [])]
        return NodeResult.on("main", payload)


class WebhookTrigger(_PayloadTrigger):
    spec = NodeSpec(
        type_id="core.trigger.webhook",
        version=1,
        display_name="Webhook",
        description="Starts a run when a system posts JSON to the workflow's hook URL.",
        category="Triggers",
        icon="webhook",
        kind="trigger",
        config_schema={
            "type": "object",
            "properties": {
                "idempotencyKey": {
                    "type": "string",
                    "title": "Idempotency key",
                    "description": "JSONata on the payload giving the event's unique key; "
                    "empty uses the Idempotency-Key header or a hash of the body.",
                    "default": "",
                },
                "responseMode": {
                    "type": "string",
                    "title": "Respond",
                    "description": "How the hook answers: at once, with 202 and the run id. "
                    "The event is stored before the answer, so it is never lost.",
                    "enum": ["immediately"],
                    "default": "immediately",
                },
            },
            "additionalProperties": False,
        },
        ui={
            "idempotencyKey": {"widget": "jsonata", "placeholder": "order.id & '-' & order.date"},
            "responseMode": {
                "widget": "select",
                "options": [
                    {"value": "immediately", "label": "Immediately, with the run id (202)"},
                ],
            },
            "connection": {"widget": "credentials", "help": "Optional: require signed calls."},
        },
        inputs=(),
        outputs=(MAIN_OUT,),
        credential_type="core.webhook.hmac",
        retry=NO_RETRY,
        timeout_s=5.0,
        side_effects="none",
        expression_fields=("idempotencyKey",),
        trigger="webhook",
    )


def idempotency_key(config: dict[str, Any], payload: Any) -> str | None:
    """The event key a webhook trigger's ``idempotencyKey`` gives for ``payload``, or None when
    the node has no such expression or it yields nothing. Raises ``ExpressionError``."""
    source = str(config.get("idempotencyKey") or "").strip()
    if not source:
        return None
    value = compile_expression(source).evaluate(payload)
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class ManualTrigger(_PayloadTrigger):
    spec = NodeSpec(
        type_id="core.trigger.manual",
        version=1,
        display_name="Manual Trigger",
        description="Starts a run when a person clicks Run or calls the run API.",
        category="Triggers",
        icon="play",
        kind="trigger",
        config_schema={
            "type": "object",
            "properties": {
                "samplePayload": {
                    "title": "Sample payload",
                    "description": "Used when a test run is started without a payload.",
                    "default": {},
                }
            },
            "additionalProperties": False,
        },
        ui={"samplePayload": {"widget": "json"}},
        inputs=(),
        outputs=(MAIN_OUT,),
        retry=NO_RETRY,
        timeout_s=5.0,
        side_effects="none",
    )
