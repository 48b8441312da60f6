"""Helpers to run workflow documents in tests: in-memory services and a one-call runner."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from workflows.executor import Executor, RunOutcome
from workflows.registry import Registry, default_registry
from workflows.run_store import ListSink, MemoryRunStore
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError
from workflows.sdk.bindings import Side
from workflows.sdk.context import MemoryStore


class MemoryLedger:
    """EffectLedger in a dict: ``pending`` when begun, ``done`` with the outcome when complete,
    ``failed`` when the target refused (begun again by the next attempt)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def begin(self, key: str, operation: str, request: Any) -> dict[str, Any] | None:
        row = self.rows.get(key)
        if row is None or row["status"] == "failed":
            self.rows[key] = {"status": "pending", "operation": operation, "request": request}
            return None
        if row["status"] == "done":
            outcome: dict[str, Any] = row["outcome"]
            return outcome
        raise NodeError(
            "effect.uncertain",
            f"A previous attempt of '{operation}' left '{key}' pending; reconcile it first.",
            error_class=ErrorClass.CONFLICT,
        )

    def complete(self, key: str, outcome: dict[str, Any]) -> None:
        self.rows.setdefault(key, {})
        self.rows[key].update(status="done", outcome=outcome)

    def status(self, key: str) -> str | None:
        row = self.rows.get(key)
        return None if row is None else str(row["status"])

    def fail(self, key: str, error: dict[str, Any]) -> None:
        if key in self.rows:
            self.rows[key].update(status="failed", error=error)


class MemoryBindings:
    """BindingStore and ReferenceTables in memory, with the same rules as the database: a pair
    unique both ways per (kind, scope), repeated unresolved values counted, rates replaced by
    (base, quote, date)."""

    def __init__(self) -> None:
        self.bindings: list[dict[str, Any]] = []
        self.queue: list[dict[str, Any]] = []
        self.stored_rates: list[dict[str, Any]] = []
        self.status_tables: dict[str, dict[str, Any]] = {}

    def lookup(
        self, kind: str, scope: str, shop_id: str | None = None, infor_id: str | None = None
    ) -> dict[str, Any] | None:
        for binding in self.bindings:
            if binding["kind"] != kind or binding["scope"] != scope:
                continue
            if (shop_id is not None and binding["shopId"] == shop_id) or (
                infor_id is not None and binding["inforId"] == infor_id
            ):
                return binding
        return None

    def record(
        self, kind: str, scope: str, shop_id: str, infor_id: str, *, run_id: str | None = None
    ) -> dict[str, Any]:
        for found in (
            self.lookup(kind, scope, shop_id=shop_id),
            self.lookup(kind, scope, infor_id=infor_id),
        ):
            if found is None:
                continue
            if found["shopId"] == shop_id and found["inforId"] == infor_id:
                return found
            raise NodeError(
                "binding.conflict",
                f"{kind} {found['shopId']} is already bound to {found['inforId']}.",
                error_class=ErrorClass.CONFLICT,
                details={"existing": found},
            )
        now = _now()
        binding = {
            "id": str(len(self.bindings) + 1),
            "kind": kind,
            "scope": scope,
            "shopId": shop_id,
            "inforId": infor_id,
            "sourceRunId": run_id,
            "createdAt": now,
            "updatedAt": now,
        }
        self.bindings.append(binding)
        return binding

    def unresolved(
        self,
        kind: str,
        scope: str,
        value: str,
        *,
        side: Side = "shop",
        run_id: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        now = _now()
        for entry in self.queue:
            if (entry["kind"], entry["scope"], entry["side"], entry["value"]) == (
                kind,
                scope,
                side,
                value,
            ):
                entry.update(count=entry["count"] + 1, lastSeen=now, context=context or {})
                if run_id and run_id not in entry["runIds"]:
                    entry["runIds"].append(run_id)
                return entry
        entry = {
            "id": str(len(self.queue) + 1),
            "kind": kind,
            "scope": scope,
            "side": side,
            "value": value,
            "count": 1,
            "firstSeen": now,
            "lastSeen": now,
            "runIds": [run_id] if run_id else [],
            "context": context or {},
            "resolvedAt": None,
        }
        self.queue.append(entry)
        return entry

    def rates(self, base: str, quote: str, on: str | None = None) -> list[dict[str, Any]]:
        wanted = {base, quote}
        found = [
            rate
            for rate in self.stored_rates
            if {rate["base"], rate["quote"]} & wanted and (on is None or rate["date"] <= on)
        ]
        return sorted(found, key=lambda rate: rate["date"], reverse=True)

    def set_rates(self, rates: list[dict[str, Any]]) -> int:
        for rate in rates:
            key = (rate["base"], rate["quote"], rate["date"])
            self.stored_rates = [
                r for r in self.stored_rates if (r["base"], r["quote"], r["date"]) != key
            ]
            self.stored_rates.append(dict(rate))
        return len(rates)

    def status_table(self, name: str) -> dict[str, Any] | None:
        return self.status_tables.get(name)


class MemoryServices:
    """RunServices in memory.

    ``credentials`` maps connection ids to ``(credential type id, fields)``; ``http`` is the
    client nodes get (give it an ``httpx.MockTransport``); ``workflows`` maps workflow ids to
    documents that ``call_workflow`` runs to their end with the same services.
    """

    def __init__(
        self,
        *,
        credentials: dict[str, tuple[str, dict[str, Any]]] | None = None,
        http: httpx.Client | None = None,
        workflows: dict[str, dict[str, Any]] | None = None,
        ledger: MemoryLedger | None = None,
        registry: Registry | None = None,
        bindings: MemoryBindings | None = None,
    ) -> None:
        self.connections = credentials or {}
        self.cross_reference = bindings
        self.http = http or httpx.Client(transport=httpx.MockTransport(_no_network))
        self.workflows = workflows or {}
        self.ledger = ledger
        self.registry = registry or default_registry()
        self.states: dict[tuple[str, str], MemoryStore] = {}
        self.calls: list[tuple[str, Any, str]] = []
        """Sub-workflow calls made: ``(workflow id, payload, parent run id)``."""

    def credentials(self, connection_id: str) -> tuple[str, dict[str, Any]]:
        if connection_id not in self.connections:
            raise NodeError(
                "connection.not_found",
                f"Connection '{connection_id}' does not exist.",
                error_class=ErrorClass.AUTH,
            )
        return self.connections[connection_id]

    def state(self, workflow_id: str, node_id: str) -> MemoryStore:
        return self.states.setdefault((workflow_id, node_id), MemoryStore())

    def effects(self) -> MemoryLedger | None:
        return self.ledger

    def http_client(self) -> httpx.Client:
        return self.http

    def bindings(self) -> MemoryBindings | None:
        return self.cross_reference

    def reference_tables(self) -> MemoryBindings | None:
        return self.cross_reference

    def call_workflow(self, workflow_id: str, payload: Any, parent_run_id: str) -> Any:
        self.calls.append((workflow_id, payload, parent_run_id))
        document = self.workflows.get(workflow_id)
        if document is None:
            raise NodeError(
                "workflow.not_found",
                f"Workflow '{workflow_id}' does not exist.",
                error_class=ErrorClass.NOT_FOUND,
            )
        run_id = f"{parent_run_id}/{workflow_id}/{len(self.calls)}"
        executor = Executor(self.registry, MemoryRunStore(), ListSink(), self)
        outcome = executor.run(run_id, workflow_id, document, None, payload)
        if outcome.status != "succeeded":
            error = outcome.error or {}
            raise NodeError(
                "workflow.call_failed",
                f"Workflow '{workflow_id}' ended {outcome.status}: {error.get('message', '')}",
                error_class=ErrorClass.VALIDATION,
                details={"error": error},
            )
        return outcome.output


def execute_node(
    node_type: type[Node],
    config: dict[str, Any],
    items: list[Any] | dict[str, list[Any]],
    *,
    ctx: NodeContext | None = None,
) -> dict[str, list[Any]]:
    """Execute one node type on plain JSON items (a list for ``main``, or per port) and return
    the JSON values per output port. Config gets the schema's defaults and must be valid."""
    properties = node_type.spec.config_schema.get("properties", {})
    full = {k: p["default"] for k, p in properties.items() if "default" in p} | config
    issues = node_type.validate_config(full)
    if issues:
        raise ValueError(f"Invalid config: {issues}")
    ports = items if isinstance(items, dict) else {"main": items}
    inputs = {
        port: [Item(value, "upstream", index) for index, value in enumerate(values)]
        for port, values in ports.items()
    }
    result = node_type(full).execute(ctx or NodeContext("run-1", "workflow-1", "node"), inputs)
    return {port: [item.json for item in out] for port, out in result.outputs.items()}


def node(
    node_id: str, type_id: str, config: dict[str, Any] | None = None, **fields: Any
) -> dict[str, Any]:
    """A document node; ``fields`` are its other keys (``retry``, ``disabled``, ``connection``)."""
    return {
        "id": node_id,
        "type": type_id,
        "typeVersion": 1,
        "name": node_id,
        "config": config or {},
        **fields,
    }


def edge(
    source: str, target: str, source_port: str = "main", target_port: str = "main"
) -> dict[str, Any]:
    """A document edge from ``source``'s output port to ``target``'s input port."""
    return {
        "id": f"{source}.{source_port}->{target}.{target_port}",
        "source": source,
        "sourcePort": source_port,
        "target": target,
        "targetPort": target_port,
    }


def document(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], **settings: Any
) -> dict[str, Any]:
    """A workflow document (schema version 1) from nodes, edges and settings."""
    return {"schemaVersion": 1, "nodes": nodes, "edges": edges, "settings": settings}


def run_document(
    document: dict[str, Any],
    payload: Any = None,
    *,
    services: MemoryServices | None = None,
    store: MemoryRunStore | None = None,
    run_id: str = "run-1",
    workflow_id: str = "workflow-1",
    trigger_node_id: str | None = None,
    stop_after: str | None = None,
    pinned: dict[str, Any] | None = None,
    registry: Registry | None = None,
) -> tuple[RunOutcome, MemoryRunStore, ListSink]:
    """Run ``document`` once through the real executor; returns the outcome, steps and events."""
    store = store if store is not None else MemoryRunStore()
    sink = ListSink()
    services = services or MemoryServices(registry=registry)
    executor = Executor(registry or services.registry, store, sink, services)
    outcome = executor.run(
        run_id,
        workflow_id,
        document,
        trigger_node_id,
        payload,
        stop_after=stop_after,
        pinned=pinned,
    )
    return outcome, store, sink


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _no_network(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError(f"Tests have no network: {request.url}", request=request)
