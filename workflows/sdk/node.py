"""Node: the base class every node type implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import jsonschema

from workflows.sdk.context import NodeContext
from workflows.sdk.items import Item, NodeResult
from workflows.sdk.spec import NodeSpec, Port
from workflows.sdk.webhooks import WebhookBody


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a node's config: the field (dotted path, '' for the whole) and why."""

    field: str
    message: str


class Node:
    """A node type. Subclasses set ``spec`` and implement ``execute``.

    The constructor receives the config already validated against ``spec.config_schema``; it must
    do no I/O, since the engine builds nodes at save time to validate them.
    """

    spec: ClassVar[NodeSpec]

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        """Problems in ``config``. The default checks the JSON Schema; override to add
        cross-field rules (and call ``super()``)."""
        validator = jsonschema.Draft202012Validator(cls.spec.config_schema)
        issues = []
        for error in sorted(validator.iter_errors(config), key=lambda e: list(e.path)):
            path = ".".join(str(p) for p in error.absolute_path)
            if error.validator == "required":
                missing = error.message.split("'")[1] if "'" in error.message else ""
                path = ".".join(filter(None, [path, missing]))
            issues.append(ConfigIssue(path, error.message))
        return issues

    @classmethod
    def ports(cls, config: dict[str, Any]) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        """Input and output ports for this config. The default is the spec's; nodes whose
        outputs depend on config (a switch with one output per rule) override it."""
        return cls.spec.inputs, cls.spec.outputs

    @classmethod
    def read_webhook(
        cls, config: dict[str, Any], body: bytes, headers: Mapping[str, str]
    ) -> WebhookBody | None:
        """For a webhook trigger whose senders do not post JSON: the payload and key of a
        delivery (``headers`` in lower case), or raise ``WebhookBodyError``. The default returns
        None: the ingress reads the body as JSON."""
        return None

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        """Run the node on the items arriving at each input port.

        Returns the items per output port. Raises ``NodeError`` for expected failures; any other
        exception is treated as a bug (class ``bug``, not retried unless the policy says so).
        """
        raise NotImplementedError

    def preview(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> list[Any]:
        """What the node would send for these items, without sending it (dry-run replays).

        The default shows the items as they arrive; nodes that build requests override it to
        show the requests. Must do no I/O; may raise ``NodeError`` for bad input.
        """
        return [item.json for items in inputs.values() for item in items]

    def reconcile(self, ctx: NodeContext, key: str, request: Any) -> dict[str, Any] | None:
        """For side-effecting nodes: after an uncertain outcome, ask the target whether the
        effect with idempotency ``key`` happened. Return its outcome, or None when it did not.
        The default cannot tell, which makes the engine park the run for a person."""
        raise NotImplementedError
