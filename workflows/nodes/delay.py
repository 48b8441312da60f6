"""Delay: hold the run for a while, or until a moment, without holding a worker."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import (
    ErrorClass,
    Item,
    Node,
    NodeContext,
    NodeError,
    NodeResult,
    NodeSpec,
    Suspend,
)
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class Delay(Node):
    spec = NodeSpec(
        type_id="core.delay",
        version=1,
        display_name="Delay",
        description="Waits a number of seconds, or until a moment, before passing items on.",
        category="Flow",
        icon="hourglass",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "seconds": {
                    "type": "number",
                    "title": "Seconds",
                    "minimum": 0,
                    "maximum": 31_536_000,
                    "default": 60,
                },
                "until": {
                    "type": "string",
                    "title": "Until (JSONata)",
                    "description": "An ISO 8601 time or epoch seconds; when set, it wins over "
                    "seconds and the latest time among the items is used.",
                    "default": "",
                },
            },
            "additionalProperties": False,
        },
        ui={
            "seconds": {"widget": "number"},
            "until": {"widget": "jsonata", "placeholder": "order.deliver_after"},
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=5.0,
        side_effects="none",
        expression_fields=("until",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        items = inputs.get("main", [])
        # Resumed: keep the moment chosen the first time rather than counting again from now.
        until = ctx.suspended_until if ctx.suspended_until is not None else self._until(ctx, items)
        if until > time.time():
            raise Suspend(until, f"Delay until {datetime.fromtimestamp(until, UTC).isoformat()}")
        return NodeResult.on("main", items)

    def _until(self, ctx: NodeContext, items: list[Item]) -> float:
        source = str(self.config.get("until") or "").strip()
        if not source:
            return time.time() + float(self.config.get("seconds", 60))
        expression = compile_field(source, "until")
        moments = [
            _moment(evaluate(expression, item.json, ctx, field="until", index=index), index)
            for index, item in enumerate(items)
        ]
        return max(moments, default=0.0)


def _moment(value: Any, index: int) -> float:
    """Epoch seconds from an ISO 8601 string (naive means UTC) or a number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    raise NodeError(
        "delay.invalid_until",
        f"'until' gave {value!r} for item {index}; expected an ISO 8601 time or epoch seconds.",
        error_class=ErrorClass.VALIDATION,
        field="until",
        details={"itemIndex": index},
    )
