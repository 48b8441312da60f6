"""NodeContext: everything a node may touch while it executes, injected so tests can swap it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from workflows.sdk.bindings import BindingStore, ReferenceTables
from workflows.sdk.credentials import CredentialType
from workflows.sdk.effects import Outcome, Reconciler, effect_key, perform_once


class KeyValueStore(Protocol):
    """Small persistent state per (workflow, node): polling cursors, seen ids."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


class EffectLedger(Protocol):
    """Records side effects by idempotency key so a retried step never repeats one.

    ``begin`` returns the recorded outcome when the effect is already ``done``, ``None`` when the
    caller should perform it (the row is now ``pending``), and raises when a previous attempt left
    it ``pending`` with an unknown outcome and the node must ``reconcile`` first.
    """

    def begin(self, key: str, operation: str, request: Any) -> dict[str, Any] | None: ...

    def complete(self, key: str, outcome: dict[str, Any]) -> None: ...

    def status(self, key: str) -> str | None: ...

    def fail(self, key: str, error: dict[str, Any]) -> None:
        """The call was refused for certain: the effect did not happen, a retry may begin it
        again."""
        ...


class MemoryStore:
    """A KeyValueStore in a dict, for tests and one-off test runs."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value


SubWorkflowCaller = Callable[[str, Any], Any]
"""``call(workflow_id, payload) -> output``: runs another workflow's active version."""


@dataclass
class NodeContext:
    """Per-call context. Secrets live here only for the duration of one execution."""

    run_id: str
    workflow_id: str
    node_id: str
    attempt: int = 1
    credentials: dict[str, Any] | None = None
    """Decrypted fields of the node's connection, or None when it has none."""
    connection_id: str | None = None
    credential_type: CredentialType | None = None
    """The connection's type; its ``authenticate(request, credentials)`` signs a request."""
    http: httpx.Client | None = None
    """Client with timeouts (and, for connector nodes, the credential's authentication) applied."""
    state: KeyValueStore = field(default_factory=MemoryStore)
    effects: EffectLedger | None = None
    suspended_until: float | None = None
    """When the node runs again after raising ``Suspend``: the ``until`` it asked for, so a
    delay that has elapsed passes its items on instead of waiting again."""
    deadline: float | None = None
    """``time.monotonic()`` value after which the node should give up (its timeout)."""
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("ferry.node"))
    emit: Callable[[dict[str, Any]], None] = field(default=lambda _event: None)
    call_workflow: SubWorkflowCaller | None = None
    trigger_payload: Any = None
    """The run's trigger payload, for nodes that need the original event."""
    variables: dict[str, Any] = field(default_factory=dict)
    """Workflow settings and run metadata exposed to expressions as ``$vars``."""
    reconcile: Reconciler | None = None
    """The node's own ``reconcile(ctx, key, request)`` bound to this context (set by the
    engine), used by ``once`` after an uncertain outcome."""
    bindings: BindingStore | None = None
    """The cross-reference of ids between the shop and Infor, or None when the host has none."""
    tables: ReferenceTables | None = None
    """Stored exchange rates and status tables, or None when the host has none."""

    def effect_key(self, *parts: Any) -> str:
        """A deterministic idempotency key: ``ctx.effect_key(source, entity_id, revision,
        operation)``. Same parts, same key, in every retry, resume and replay."""
        return effect_key(*parts)

    def once(
        self,
        key: str,
        operation: str,
        request: Any,
        perform: Callable[[], Outcome],
        reconcile: Reconciler | None = None,
    ) -> Outcome:
        """Perform a side effect at most once per ``key`` through the effect ledger.

        Returns ``perform()``'s outcome, or the one recorded by an earlier attempt. After an
        uncertain earlier attempt, ``reconcile`` (default: the node's) asks the target first;
        when nobody can tell, raises ``NodeError("effect.uncertain")`` for a person to decide.
        """
        return perform_once(
            self.effects, key, operation, request, perform, reconcile or self.reconcile
        )

    def remaining(self) -> float | None:
        """Seconds left before the deadline, or None when there is none."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())
