"""The executor's persistence and event interfaces, implemented by the backend and by tests.

The engine checkpoints every node execution as a step through ``RunStore``; resuming a run reads
the finished steps back and skips them. ``EventSink`` receives transitions for live views.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

StepStatus = Literal["running", "succeeded", "failed", "retry_wait", "waiting"]


@dataclass
class StepRecord:
    """One execution attempt of one node in one run."""

    step_id: str
    node_id: str
    attempt: int
    status: StepStatus
    inputs: dict[str, list[dict[str, Any]]]
    """Items per input port, each as ``Item.to_json()``."""
    outputs: dict[str, list[dict[str, Any]]] | None = None
    error: dict[str, Any] | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None


class RunStore(Protocol):
    """Where the executor checkpoints steps. Each call is durable when it returns."""

    def steps(self, run_id: str) -> list[StepRecord]:
        """All steps of the run so far, oldest first."""
        ...

    def start_step(
        self,
        run_id: str,
        node_id: str,
        attempt: int,
        inputs: dict[str, list[dict[str, Any]]],
        *,
        deferred: bool = False,
    ) -> str:
        """Record a step as running; returns its id.

        ``deferred`` (for nodes without side effects) lets the store write the step once, at
        its end: a crash in between loses nothing that running the node again cannot rebuild.
        The id returned then is provisional; ``finish_step`` returns the stored one.
        """
        ...

    def finish_step(
        self,
        step_id: str,
        status: StepStatus,
        outputs: dict[str, list[dict[str, Any]]] | None,
        error: dict[str, Any] | None,
    ) -> str | None:
        """Record a step's end: its outputs per port, or its error; returns the step's id, or
        None for a deferred step the store holds back to write with the run's next write."""
        ...


class EventSink(Protocol):
    """Receives ``{"type": "run.started" | "step.started" | "step.finished" | "run.finished",
    "runId": ..., ...}`` events as they happen."""

    def emit(self, event: dict[str, Any]) -> None: ...


class MemoryRunStore:
    """RunStore kept in memory, for tests and synchronous test runs from the designer."""

    def __init__(self) -> None:
        self.records: dict[str, list[StepRecord]] = {}
        self._ids = itertools.count(1)
        self._by_id: dict[str, StepRecord] = {}

    def steps(self, run_id: str) -> list[StepRecord]:
        return list(self.records.get(run_id, []))

    def start_step(
        self,
        run_id: str,
        node_id: str,
        attempt: int,
        inputs: dict[str, list[dict[str, Any]]],
        *,
        deferred: bool = False,
    ) -> str:
        record = StepRecord(str(next(self._ids)), node_id, attempt, "running", inputs)
        self.records.setdefault(run_id, []).append(record)
        self._by_id[record.step_id] = record
        return record.step_id

    def finish_step(
        self,
        step_id: str,
        status: StepStatus,
        outputs: dict[str, list[dict[str, Any]]] | None,
        error: dict[str, Any] | None,
    ) -> str:
        record = self._by_id[step_id]
        record.status = status
        record.outputs = outputs
        record.error = error
        record.finished_at = datetime.now(UTC)
        return step_id


class ListSink:
    """EventSink that keeps every event in a list."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def emit(self, event: dict[str, Any]) -> None:
        self.events.append(event)
