"""NodeSpec: the single declaration of a node type that the canvas, API and validation read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from workflows.sdk.retry import RetryPolicy

SideEffects = Literal["none", "idempotent", "unsafe"]
NodeKind = Literal["trigger", "action", "logic"]
TriggerMode = Literal["webhook", "schedule", "poll"]
"""How the backend starts a trigger: ``webhook`` on ``POST /hooks/<token>``; ``schedule`` and
``poll`` from the scheduler on the config's ``cron`` and ``timezone``."""
TRIGGER_MODES: tuple[TriggerMode, ...] = ("webhook", "schedule", "poll")


@dataclass(frozen=True)
class Port:
    """A named input or output. Two ports connect when their ``data_type`` values agree
    (``any`` matches everything)."""

    name: str
    display_name: str
    data_type: str = "any"
    """Loose type tag of the items on this port, e.g. ``any``, ``prestashop.order``."""
    is_error: bool = False
    """An error port receives the failing items with the error after the last attempt."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "displayName": self.display_name,
            "dataType": self.data_type,
            "isError": self.is_error,
        }


MAIN_IN = Port("main", "Input")
MAIN_OUT = Port("main", "Output")
ERROR_OUT = Port("error", "Error", is_error=True)


@dataclass(frozen=True)
class NodeSpec:
    """Class-level data describing a node type; ``(type_id, version)`` is unique, never reused."""

    type_id: str
    """Lowercase dotted id namespaced by package: ``core.jsonata.map``, ``prestashop.order.get``."""
    version: int
    display_name: str
    description: str
    category: str
    """Palette group: Triggers, Transform, Flow, HTTP, PrestaShop, Infor ..."""
    icon: str
    """Icon name from the frontend's icon set, or ``data:`` URI."""
    kind: NodeKind = "action"
    config_schema: dict[str, Any] = field(default_factory=lambda: {"type": "object"})
    """JSON Schema (draft 2020-12) of the node's config."""
    ui: dict[str, Any] = field(default_factory=dict)
    """UI hints per config field: ``{"expression": {"widget": "jsonata"}}``."""
    inputs: tuple[Port, ...] = (MAIN_IN,)
    outputs: tuple[Port, ...] = (MAIN_OUT,)
    credential_type: str | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_s: float = 30.0
    side_effects: SideEffects = "none"
    expression_fields: tuple[str, ...] = ()
    """Config fields holding JSONata, checked for syntax when a workflow is saved."""
    trigger: TriggerMode | None = None
    """How the backend starts runs at this trigger; None for triggers it never starts itself
    (manual) and for every other node."""
    trigger_mode_field: str | None = None
    """For a trigger that can start either way: the config field holding the mode (one of
    ``TRIGGER_MODES``); ``trigger`` is its default."""

    @property
    def key(self) -> tuple[str, int]:
        return (self.type_id, self.version)

    def trigger_mode(self, config: dict[str, Any]) -> TriggerMode | None:
        """How a node of this type with ``config`` is started by the backend."""
        if self.trigger_mode_field is not None:
            chosen = config.get(self.trigger_mode_field)
            for mode in TRIGGER_MODES:
                if chosen == mode:
                    return mode
        return self.trigger

    def to_json(self) -> dict[str, Any]:
        return {
            "typeId": self.type_id,
            "version": self.version,
            "displayName": self.display_name,
            "description": self.description,
            "category": self.category,
            "icon": self.icon,
            "kind": self.kind,
            "configSchema": self.config_schema,
            "ui": self.ui,
            "inputs": [p.to_json() for p in self.inputs],
            "outputs": [p.to_json() for p in self.outputs],
            "credentialType": self.credential_type,
            "retry": self.retry.to_json(),
            "timeoutSeconds": self.timeout_s,
            "sideEffects": self.side_effects,
            "expressionFields": list(self.expression_fields),
            "trigger": self.trigger,
            "triggerModeField": self.trigger_mode_field,
        }
