"""The executor: runs a workflow document step by step, checkpointing each node execution.

A run is a walk of the graph from its trigger in n8n-style batches: each node runs once with
every item that reached it. Every execution is a step in the ``RunStore``; calling ``run`` again
for the same run id reads the steps back, skips finished nodes and continues where the run
stopped, so retries, delays and crashes all resume the same way. The executor never sleeps:
waits come back as ``RunOutcome("waiting", resume_at=...)`` for the caller to schedule.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import httpx

from workflows import crashpoints
from workflows.graph import Graph, GraphError, WorkflowNode
from workflows.registry import Registry
from workflows.run_history import MAX_FREE_WAITS, NextAttempt, RunHistory
from workflows.run_store import EventSink, RunStore, StepStatus
from workflows.scheduling import Outputs, arriving, feeders, plan
from workflows.sdk import (
    ConfigIssue,
    EffectLedger,
    ErrorClass,
    Item,
    KeyValueStore,
    Node,
    NodeContext,
    NodeError,
    Suspend,
)
from workflows.sdk.retry import NO_RETRY, RetryPolicy


class RunServices(Protocol):
    """What a run needs from its host: secrets, state, the effect ledger, HTTP, sub-runs."""

    def credentials(self, connection_id: str) -> tuple[str, dict[str, Any]]:
        """``(credential type id, decrypted fields)`` of a connection."""
        ...

    def state(self, workflow_id: str, node_id: str) -> KeyValueStore: ...

    def effects(self) -> EffectLedger | None: ...

    def http_client(self) -> httpx.Client: ...

    def call_workflow(self, workflow_id: str, payload: Any, parent_run_id: str) -> Any:
        """Run another workflow to its end and return its output; raise NodeError if it fails."""
        ...


class ConnectionGate(Protocol):
    """Optional part of RunServices (an attribute ``connection_gate``): concurrency and rate
    limits per connection, shared by every worker, and the connection's paused switch."""

    def enter(self, connection_id: str) -> float | None:
        """Take a call slot: None when granted, else seconds to wait before asking again."""
        ...

    def leave(self, connection_id: str) -> None:
        """Give the slot back after the call."""
        ...


class RecordRuns(Protocol):
    """Optional part of RunServices (an attribute ``record_runs``): a trigger set to start one
    run per record hands its records to the host, each to become a run of its own with its own
    business key, so one bad record stops only its own run and orders its own key."""

    def start(self, run_id: str, node_id: str, items: list[Item]) -> int | None:
        """Start one run per item, once per run and node however often asked; the number of
        runs started, or None when ``run_id`` is itself one record's run and goes on."""
        ...


@dataclass
class RunOutcome:
    """Where a call to ``Executor.run`` left the run."""

    status: Literal["succeeded", "failed", "waiting"]
    output: Any = None
    """JSON values of the items the last node(s) produced."""
    error: dict[str, Any] | None = None
    """``NodeError.to_json()`` plus ``nodeId``."""
    resume_at: float | None = None
    """Epoch seconds when a waiting run (retry wait or delay) may continue."""


RATE_LIMIT_SPREAD_CAP = 30.0
"""Seconds: the widest a rate-limited wait is spread beyond what the target asked for."""


def rate_limit_wait(asked: float, waits_so_far: int, rng: random.Random) -> float:
    """How long a rate-limited node waits: at least what the target (or a shared budget)
    asked, plus a random share of a spread that doubles with each wait it already made.

    Runs that a budget turns away together are told the same short wait; coming back together
    they would race for the same few tokens again, and again, until their free waits ran out.
    Full jitter over a growing window lets the crowd thin out to what the budget allows.
    """
    spread = min(RATE_LIMIT_SPREAD_CAP, max(asked, 0.01) * 2.0**waits_so_far)
    return asked + rng.uniform(0.0, spread)


class _Stop(Exception):
    """Ends the walk early with an outcome (failed or waiting)."""

    def __init__(self, outcome: RunOutcome) -> None:
        super().__init__(outcome.status)
        self.outcome = outcome


class Executor:
    """Runs workflow documents against a registry, a step store, an event sink and services."""

    def __init__(
        self, registry: Registry, store: RunStore, sink: EventSink, services: RunServices
    ) -> None:
        self.registry = registry
        self.store = store
        self.sink = sink
        self.services = services

    def run(
        self,
        run_id: str,
        workflow_id: str,
        document: dict[str, Any],
        trigger_node_id: str | None,
        payload: Any,
        *,
        stop_after: str | None = None,
        pinned: dict[str, Any] | None = None,
        dry_run: bool = False,
    ) -> RunOutcome:
        """Run (or resume) ``run_id`` until it succeeds, fails or has to wait.

        ``stop_after`` runs only that node and what it depends on; ``pinned`` maps node ids to
        outputs used instead of executing those nodes (a list of JSON values for the ``main``
        port, or ``{port: [values]}``). ``dry_run`` stops before the first node with side
        effects and returns ``{"dryRun": True, "stoppedAt", "wouldSend"}`` as the output.
        """
        walk = _Walk(self, run_id, workflow_id, payload, pinned or {})
        walk.dry_run = dry_run
        walk.event("run.started", status="running")
        try:
            outcome = walk.execute(document, trigger_node_id, stop_after)
        except _Stop as stop:
            outcome = stop.outcome
        walk.event("run.finished", status=outcome.status, error=outcome.error)
        return outcome


class _Walk:
    """One call of ``Executor.run``: the state of a walk through the graph."""

    def __init__(
        self,
        executor: Executor,
        run_id: str,
        workflow_id: str,
        payload: Any,
        pinned: dict[str, Any],
    ) -> None:
        self.ex = executor
        self.run_id = run_id
        self.workflow_id = workflow_id
        self.graph = Graph([], [])
        self.payload = payload
        self.pinned = pinned
        self.history = RunHistory(executor.store.steps(run_id))
        self.outputs: dict[str, Outputs] = {}
        self.deadline: float | None = None
        self.dry_run = False

    def execute(
        self, document: dict[str, Any], trigger_node_id: str | None, stop_after: str | None
    ) -> RunOutcome:
        try:
            self.graph = Graph.from_document(document, self.ex.registry)
        except GraphError as exc:
            raise _Stop(self._invalid(str(exc)))
        timeout = self.graph.settings.get("timeoutSeconds")
        # Only time spent executing counts: waits between calls are not the run's fault.
        self.deadline = time.monotonic() + float(timeout) if timeout else None
        trigger = self._trigger(trigger_node_id)
        if stop_after is not None and stop_after not in self.graph.nodes:
            raise _Stop(self._invalid(f"There is no node '{stop_after}' to stop after."))
        try:
            order = plan(self.graph, trigger, stop_after)
        except GraphError as exc:
            raise _Stop(self._invalid(str(exc)))
        fed: set[str] = set()
        for node_id in order:
            if node_id == trigger:
                inputs: Outputs = {"main": [Item(self.payload)]}
            else:
                inputs = arriving(self.graph, node_id, self.outputs)
                if not any(inputs.values()):
                    continue  # no branch that was taken leads here
                fed |= feeders(self.graph, node_id, self.outputs)
            self.outputs[node_id] = self._node(node_id, inputs)
            if node_id == trigger and stop_after is None:
                handed = self._hand_over(trigger)
                if handed is not None:
                    return RunOutcome("succeeded", output=[{"recordRuns": handed}])
        if stop_after is not None:
            last = [stop_after] if stop_after in self.outputs else []
        else:
            last = [n for n in self.outputs if n not in fed]
        values = [item.json for n in last for items in self.outputs[n].values() for item in items]
        return RunOutcome("succeeded", output=values)

    def _hand_over(self, trigger: str) -> int | None:
        """Records of a trigger set to ``runPerRecord`` become runs of their own: the number
        started, or None when this run goes on with them itself (a record's own run, a dry
        run, or a host that cannot start runs, such as the designer's test run)."""
        record_runs: RecordRuns | None = getattr(self.ex.services, "record_runs", None)
        if record_runs is None or self.dry_run or trigger in self.pinned:
            return None
        if self.graph.nodes[trigger].config.get("runPerRecord") is not True:
            return None
        items = [item for items in self.outputs[trigger].values() for item in items]
        # A store may hold the trigger's checkpoint until the run's next write; the runs handed
        # over are written first, so a resumed run must find the trigger finished, not poll again.
        write_held: Callable[[], None] | None = getattr(self.ex.store, "write_held", None)
        if write_held is not None:
            write_held()
        return record_runs.start(self.run_id, trigger, items)

    def _trigger(self, trigger_node_id: str | None) -> str:
        if trigger_node_id is not None:
            if trigger_node_id not in self.graph.nodes:
                raise _Stop(self._invalid(f"There is no trigger node '{trigger_node_id}'."))
            return trigger_node_id
        triggers = self.graph.triggers()
        if not triggers:
            raise _Stop(self._invalid("The workflow has no trigger node."))
        return triggers[0].id

    def _timed_out(self, node_id: str) -> RunOutcome:
        limit = self.graph.settings.get("timeoutSeconds")
        error = NodeError(
            "run.timeout",
            f"The run used up its {limit} seconds before node '{node_id}' could start.",
            error_class=ErrorClass.TIMEOUT,
        )
        return RunOutcome("failed", error={**error.to_json(), "nodeId": node_id})

    def _invalid(self, message: str) -> RunOutcome:
        error = NodeError("workflow.invalid", message, error_class=ErrorClass.VALIDATION)
        return RunOutcome("failed", error={**error.to_json(), "nodeId": None})

    def _node(self, node_id: str, inputs: Outputs) -> Outputs:
        """The node's outputs: from its finished step, or by executing it now."""
        done = self.history.finished_outputs(node_id)
        if done is not None:
            return done
        previous_error = self.history.run_error(node_id)
        if previous_error is not None:
            raise _Stop(RunOutcome("failed", error=previous_error))
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _Stop(self._timed_out(node_id))
        next_attempt = self.history.next_attempt(node_id)
        if next_attempt.inputs is not None:
            inputs = next_attempt.inputs  # a person edited what the node receives
        if self.dry_run and self._has_side_effects(node_id):
            raise _Stop(self._dry_stop(node_id, inputs, next_attempt.attempt))
        return self._step(node_id, inputs, next_attempt)

    def _has_side_effects(self, node_id: str) -> bool:
        workflow_node = self.graph.nodes[node_id]
        if node_id in self.pinned or workflow_node.disabled:
            return False
        node_type = self.ex.registry.get(workflow_node.type, workflow_node.type_version)
        return node_type is not None and node_type.spec.side_effects != "none"

    def _dry_stop(self, node_id: str, inputs: Outputs, attempt: int) -> RunOutcome:
        """Record what the first side-effecting node would send, without sending it."""
        recorded = {port: [item.to_json() for item in items] for port, items in inputs.items()}
        step_id = self.ex.store.start_step(self.run_id, node_id, attempt, recorded)
        workflow_node = self.graph.nodes[node_id]
        try:
            node = self._instance(workflow_node)
            ctx = NodeContext(self.run_id, self.workflow_id, node_id, attempt)
            would_send = node.preview(ctx, inputs)
        except NodeError as failure:
            would_send = [{"error": failure.to_json()}]
        note = {
            "code": "run.dry_run",
            "message": "Dry run: this node has side effects, so it was not executed.",
            "wouldSend": would_send,
        }
        self._finish(step_id, node_id, attempt, "waiting", None, note)
        output = {"dryRun": True, "stoppedAt": node_id, "wouldSend": would_send}
        return RunOutcome("succeeded", output=output)

    def _step(self, node_id: str, inputs: Outputs, next_attempt: NextAttempt) -> Outputs:
        attempt = next_attempt.attempt
        recorded = {port: [item.to_json() for item in items] for port, items in inputs.items()}
        # A node without side effects is checkpointed once, at its end: running it again after
        # a crash rebuilds whatever a "running" row would have saved.
        deferred = not self._has_side_effects(node_id)
        step_id = self.ex.store.start_step(
            self.run_id, node_id, attempt, recorded, deferred=deferred
        )
        self.event(
            "step.started", node_id, None if deferred else step_id, attempt, status="running"
        )
        crashpoints.reached(crashpoints.BEFORE_CALL, node_id)
        try:
            outputs = self._gated(node_id, inputs, attempt, next_attempt.suspended_until)
        except Suspend as wait:
            error = {"code": "run.suspended", "message": wait.reason, "resumeAt": wait.until}
            self._finish(step_id, node_id, attempt, "waiting", None, error)
            raise _Stop(RunOutcome("waiting", resume_at=wait.until))
        except NodeError as failure:
            return self._failed(step_id, node_id, next_attempt, inputs, failure)
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:
            # A bug in the node (BaseException too: a panic in a native extension such as the
            # JSONata engine arrives as one). It fails this step, not the worker.
            crash = self._crash(node_id, exc)
            return self._failed(step_id, node_id, next_attempt, inputs, crash)
        crashpoints.reached(crashpoints.AFTER_CALL, node_id)
        self._finish(step_id, node_id, attempt, "succeeded", outputs, None)
        return outputs

    def _gated(
        self, node_id: str, inputs: Outputs, attempt: int, suspended_until: float | None
    ) -> Outputs:
        """Execute the node inside its connection's limits; a full or paused connection makes
        the run wait (suspended, holding no worker) and try again later."""
        connection = self.graph.nodes[node_id].connection
        gate: ConnectionGate | None = getattr(self.ex.services, "connection_gate", None)
        if gate is None or not connection or node_id in self.pinned:
            return self._outputs(node_id, inputs, attempt, suspended_until)
        wait = gate.enter(connection)
        if wait is not None:
            raise Suspend(time.time() + wait, f"Connection {connection} is busy or paused.")
        try:
            return self._outputs(node_id, inputs, attempt, suspended_until)
        finally:
            gate.leave(connection)

    def _outputs(
        self, node_id: str, inputs: Outputs, attempt: int, suspended_until: float | None
    ) -> Outputs:
        workflow_node = self.graph.nodes[node_id]
        if node_id in self.pinned:
            return _pinned_outputs(self.pinned[node_id])
        if workflow_node.disabled:
            return {"main": [item for items in inputs.values() for item in items]}
        node = self._instance(workflow_node)
        ctx = self._context(workflow_node, node, attempt, suspended_until)
        ctx.reconcile = lambda key, request: node.reconcile(ctx, key, request)
        return dict(node.execute(ctx, inputs).outputs)

    def _instance(self, workflow_node: WorkflowNode) -> Node:
        type_id, version = workflow_node.type, workflow_node.type_version
        node_type = self.ex.registry.get(type_id, version)
        if node_type is None:
            raise NodeError(
                "node.unknown_type",
                f"Node type '{type_id}' version {version} is not installed.",
                error_class=ErrorClass.VALIDATION,
            )
        config = {**_defaults(node_type.spec.config_schema), **workflow_node.config}
        issues = _config_issues(node_type, config)
        if issues:
            raise NodeError(
                "node.invalid_config",
                f"The node's config is invalid: {issues[0].message}",
                error_class=ErrorClass.VALIDATION,
                field=issues[0].field or None,
                details={"issues": [{"field": i.field, "message": i.message} for i in issues]},
            )
        return node_type(config)

    def _context(
        self,
        workflow_node: WorkflowNode,
        node: Node,
        attempt: int,
        suspended_until: float | None,
    ) -> NodeContext:
        node_id = workflow_node.id
        spec = node.spec
        connection = workflow_node.connection
        credentials, credential_type = None, None
        if connection:
            type_id, credentials = self.ex.services.credentials(connection)
            credential_class = self.ex.registry.credential_type(type_id)
            credential_type = credential_class() if credential_class else None
        timeout = spec.timeout_s
        if workflow_node.timeout_seconds:
            timeout = min(timeout, float(workflow_node.timeout_seconds))
        deadline = time.monotonic() + timeout
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        services, run_id = self.ex.services, self.run_id
        return NodeContext(
            run_id=run_id,
            workflow_id=self.workflow_id,
            node_id=node_id,
            attempt=attempt,
            credentials=credentials,
            connection_id=connection,
            credential_type=credential_type,
            http=services.http_client(),
            state=services.state(self.workflow_id, node_id),
            effects=services.effects(),
            suspended_until=suspended_until,
            deadline=deadline,
            logger=logging.getLogger(f"ferry.node.{spec.type_id}"),
            call_workflow=lambda workflow_id, payload: services.call_workflow(
                workflow_id, payload, run_id
            ),
            trigger_payload=self.payload,
            variables={"runId": run_id, "workflowId": self.workflow_id, "nodeId": node_id},
            # Optional host services (cross-reference and reference tables): None without them.
            bindings=getattr(services, "bindings", lambda: None)(),
            tables=getattr(services, "reference_tables", lambda: None)(),
        )

    def _crash(self, node_id: str, exc: BaseException) -> NodeError:
        name = self.graph.nodes[node_id].name or node_id
        return NodeError(
            "node.crashed",
            f"Node '{name}' crashed: {type(exc).__name__}: {exc}",
            error_class=ErrorClass.BUG,
            details={"exception": type(exc).__name__},
        )

    def _failed(
        self,
        step_id: str,
        node_id: str,
        next_attempt: NextAttempt,
        inputs: Outputs,
        failure: NodeError,
    ) -> Outputs:
        """Schedule a retry, route the items to the error port, or fail the run."""
        attempt = next_attempt.attempt
        error = {**failure.to_json(), "nodeId": node_id}
        policy = self._policy(node_id)
        counted = next_attempt.policy_attempt
        # Waiting for a rate limit is not the node failing: it does not spend an attempt.
        free = (
            failure.error_class == ErrorClass.RATE_LIMIT
            and next_attempt.free_waits < MAX_FREE_WAITS
        )
        if policy.allows_retry(counted - 1 if free else counted, failure.code, failure.retryable):
            # Seeded by run, node and attempt so a replayed run waits the same way.
            rng = random.Random(f"{self.run_id}:{node_id}:{attempt}")
            delay = failure.retry_after
            if delay is None:
                delay = policy.delay(counted, rng)
            elif free:
                delay = rate_limit_wait(delay, next_attempt.free_waits, rng)
            resume_at = time.time() + delay
            noted = {**error, "retryAt": resume_at, "rateLimited": free}
            self._finish(step_id, node_id, attempt, "retry_wait", None, noted)
            raise _Stop(RunOutcome("waiting", error=error, resume_at=resume_at))
        if self._error_port_wired(node_id):
            routed = [
                Item(
                    {"json": item.json, "error": failure.to_json()},
                    item.source_node,
                    item.source_index,
                )
                for items in inputs.values()
                for item in items
            ]
            outputs = {"error": routed}
            self._finish(step_id, node_id, attempt, "failed", outputs, error)
            return outputs
        self._finish(step_id, node_id, attempt, "failed", None, error)
        raise _Stop(RunOutcome("failed", error=error))

    def _policy(self, node_id: str) -> RetryPolicy:
        workflow_node = self.graph.nodes[node_id]
        node_type = self.ex.registry.get(workflow_node.type, workflow_node.type_version)
        if node_type is None:
            return NO_RETRY
        return node_type.spec.retry.merged(workflow_node.retry)

    def _error_port_wired(self, node_id: str) -> bool:
        return bool(self.graph.successors(node_id, "error"))

    def _finish(
        self,
        step_id: str,
        node_id: str,
        attempt: int,
        status: StepStatus,
        outputs: Outputs | None,
        error: dict[str, Any] | None,
    ) -> None:
        recorded = None
        if outputs is not None:
            recorded = {port: [item.to_json() for item in items] for port, items in outputs.items()}
        stored_id = self.ex.store.finish_step(step_id, status, recorded, error)
        self.event("step.finished", node_id, stored_id, attempt, status=status, error=error)

    def event(
        self,
        kind: str,
        node_id: str | None = None,
        step_id: str | None = None,
        attempt: int | None = None,
        *,
        status: str,
        error: dict[str, Any] | None = None,
    ) -> None:
        self.ex.sink.emit(
            {
                "type": kind,
                "runId": self.run_id,
                "workflowId": self.workflow_id,
                "nodeId": node_id,
                "stepId": step_id,
                "attempt": attempt,
                "status": status,
                "at": datetime.now(UTC).isoformat(),
                "error": error,
            }
        )


_checked: dict[tuple[type[Node], str], list[ConfigIssue]] = {}
CONFIGS_CHECKED = 1024


def _config_issues(node_type: type[Node], config: dict[str, Any]) -> list[ConfigIssue]:
    """``node_type.validate_config(config)``, remembered: a deployed node's config is the same
    for every run, and checking it against its JSON Schema cost more than a checkpoint."""
    key = (node_type, json.dumps(config, sort_keys=True, default=str))
    issues = _checked.get(key)
    if issues is None:
        issues = node_type.validate_config(config)
        if len(_checked) >= CONFIGS_CHECKED:
            _checked.clear()
        _checked[key] = issues
    return issues


def _defaults(schema: dict[str, Any]) -> dict[str, Any]:
    """Top-level config defaults declared by a node type's schema."""
    properties = schema.get("properties", {})
    return {name: prop["default"] for name, prop in properties.items() if "default" in prop}


def _pinned_outputs(value: Any) -> Outputs:
    """Pinned data as outputs: a list is the ``main`` port, a dict maps ports to lists.

    Elements may be plain JSON values or ``Item.to_json()`` objects (what a step shows).
    """
    ports = value if isinstance(value, dict) else {"main": value}
    outputs: Outputs = {}
    for port, values in ports.items():
        items = values if isinstance(values, list) else [values]
        outputs[port] = [_pinned_item(v) for v in items]
    return outputs


def _pinned_item(value: Any) -> Item:
    if isinstance(value, dict) and "json" in value and set(value) <= _ITEM_KEYS:
        return Item.from_json(value)
    return Item(value)


_ITEM_KEYS = {"json", "sourceNode", "sourceIndex"}
