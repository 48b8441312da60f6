"""Node types that exist only for engine tests: they count executions, fail or crash on cue."""

from __future__ import annotations

from typing import Any

from workflows.registry import BUILTIN_CREDENTIAL_TYPES, BUILTIN_NODES, Registry
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT

EXECUTED: list[str] = []
"""Node ids in the order the ``test.record`` and ``test.flaky`` nodes executed."""


class Record(Node):
    """Passes items on and records that it ran."""

    spec = NodeSpec(
        type_id="test.record",
        version=1,
        display_name="Record",
        description="Records its execution.",
        category="Flow",
        icon="dot",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        EXECUTED.append(ctx.node_id)
        return NodeResult.on("main", [i for items in inputs.values() for i in items])


class Flaky(Node):
    """Fails with ``config.code`` until attempt ``config.succeedOn``."""

    spec = NodeSpec(
        type_id="test.flaky",
        version=1,
        display_name="Flaky",
        description="Fails on cue.",
        category="Flow",
        icon="dot",
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=10, jitter=0),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        EXECUTED.append(ctx.node_id)
        config: dict[str, Any] = self.config
        if ctx.attempt < config.get("succeedOn", 99):
            raise NodeError(
                config.get("code", "test.unavailable"),
                "Not yet.",
                retryable=config.get("retryable", True),
                error_class=ErrorClass.CONNECTION,
                retry_after=config.get("retryAfter"),
            )
        return NodeResult.on("main", inputs.get("main", []))


class Explode(Node):
    """Raises an exception that is not a NodeError (a bug), or a native-style panic."""

    spec = NodeSpec(
        type_id="test.explode",
        version=1,
        display_name="Explode",
        description="Crashes.",
        category="Flow",
        icon="dot",
        outputs=(MAIN_OUT, ERROR_OUT),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        if self.config.get("panic"):
            raise Panic("native code gave up")
        raise KeyError("boom")


class Found(Node):
    """A trigger that finds the records listed in its payload's ``records``, as a poll does."""

    spec = NodeSpec(
        type_id="test.found",
        version=1,
        display_name="Found",
        description="Finds records.",
        category="Triggers",
        icon="dot",
        kind="trigger",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        EXECUTED.append(ctx.node_id)
        found = [record for item in inputs.get("main", []) for record in item.json["records"]]
        return NodeResult.on("main", [Item(record) for record in found])


class Panic(BaseException):
    """Like the panics native extensions raise: not an ``Exception``."""


def registry() -> Registry:
    """The built-ins plus the test doubles."""
    return Registry([*BUILTIN_NODES, Record, Flaky, Explode, Found], BUILTIN_CREDENTIAL_TYPES)
