"""DbRunServices: what the executor asks of the backend (secrets, node state, HTTP, sub-runs)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections

from backend.bindings.services import DbBindingStore
from backend.connections.models import Connection
from backend.connections.vault import SecretUnreadable
from backend.runs.models import NodeState
from workflows.sdk import ErrorClass, NodeError
from workflows.sdk.context import EffectLedger, KeyValueStore

ChildRunner = Callable[[str, Any, str], Any]
"""``(workflow_id, payload, parent_run_id) -> output`` of a synchronous child run."""

HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
HTTP_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=20)


@cache
def shared_http_client() -> httpx.Client:
    """One pooled client per process; nodes wrap requests with their own auth and timeouts."""
    return httpx.Client(timeout=HTTP_TIMEOUT, limits=HTTP_LIMITS, follow_redirects=False)


class DbKeyValueStore:
    """KeyValueStore persisted as NodeState rows of one (workflow, node)."""

    def __init__(self, workflow_id: str, node_id: str) -> None:
        self.workflow_id = workflow_id
        self.node_id = node_id

    def get(self, key: str, default: Any = None) -> Any:
        row = (
            NodeState.objects.filter(workflow_id=self.workflow_id, node_id=self.node_id, key=key)
            .values_list("value", flat=True)
            .first()
        )
        return default if row is None else row

    def set(self, key: str, value: Any) -> None:
        NodeState.objects.update_or_create(
            workflow_id=self.workflow_id,
            node_id=self.node_id,
            key=key,
            defaults={"value": value},
        )


class DbRunServices:
    """RunServices for runs executed by the backend."""

    def __init__(self, run_child: ChildRunner) -> None:
        self._run_child = run_child
        self._opened: dict[str, tuple[str, dict[str, Any]]] = {}

    def credentials(self, connection_id: str) -> tuple[str, dict[str, Any]]:
        # One run reads a connection once: its steps use the same credentials throughout, and
        # an order's dozen calls through two connections each cost a query otherwise.
        if connection_id not in self._opened:
            self._opened[connection_id] = self._read_credentials(connection_id)
        credential_type, fields = self._opened[connection_id]
        return credential_type, dict(fields)

    def _read_credentials(self, connection_id: str) -> tuple[str, dict[str, Any]]:
        found = _connection(connection_id)
        if found is None:
            raise NodeError(
                "connection.not_found",
                f"Connection {connection_id!r} does not exist; choose another one for this node.",
                error_class=ErrorClass.AUTH,
                field="connection",
            )
        try:
            return found.credential_type, found.decrypted_fields()
        except SecretUnreadable as exc:
            raise NodeError(
                "connection.unreadable", str(exc), error_class=ErrorClass.AUTH, field="connection"
            ) from None

    def state(self, workflow_id: str, node_id: str) -> KeyValueStore:
        return DbKeyValueStore(workflow_id, node_id)

    def effects(self) -> EffectLedger | None:
        return None

    def http_client(self) -> httpx.Client:
        return shared_http_client()

    def bindings(self) -> DbBindingStore:
        return DbBindingStore()

    def reference_tables(self) -> DbBindingStore:
        return DbBindingStore()

    def call_workflow(self, workflow_id: str, payload: Any, parent_run_id: str) -> Any:
        return self._run_child(workflow_id, payload, parent_run_id)


_CONNECTION = f"SELECT * FROM {Connection._meta.db_table} WHERE id = %s"


def _connection(connection_id: str) -> Connection | None:
    """The connection with this id; None for an empty or malformed id too. A written SELECT:
    every run reads its connections, and the ORM's compiling cost more than the query."""
    if not connection_id:
        return None
    field: Any = Connection._meta.pk
    try:
        value = field.get_db_prep_value(connection_id, connections[DEFAULT_DB_ALIAS])
    except (ValidationError, ValueError, TypeError):
        return None
    return next(iter(Connection.objects.raw(_CONNECTION, [value])), None)
