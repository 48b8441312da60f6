"""A run's checkpointed steps read back: what finished, what to attempt next, what failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workflows.run_store import StepRecord
from workflows.sdk import Item

RETRY_REQUESTED = "run.retry_requested"
"""Error code of the marker step a person's retry writes for the node that failed the run."""
MAX_FREE_WAITS = 50
"""Rate-limited waits that do not spend an attempt, per node; past these they count, so a
target that throttles for ever still ends in the dead-letter queue."""


@dataclass(frozen=True)
class NextAttempt:
    """How to execute a node that has not finished yet."""

    attempt: int
    suspended_until: float | None = None
    """Set when the node suspended itself (a delay) and now runs again."""
    counted_from: int = 0
    """Attempts the retry policy does not count: those spent before a person asked for a retry
    (a manual retry gets the node's full set again) and waits for a rate limit."""
    inputs: dict[str, list[Item]] | None = None
    """Items a person edited to replace what arrives at the node, or None."""
    free_waits: int = 0
    """Rate-limited waits already not counted (up to ``MAX_FREE_WAITS``)."""

    @property
    def policy_attempt(self) -> int:
        """The attempt number as the retry policy counts it."""
        return self.attempt - self.counted_from


class RunHistory:
    """The latest step of each node in a run, oldest run first."""

    def __init__(self, steps: list[StepRecord]) -> None:
        self.latest: dict[str, StepRecord] = {}
        self.requested: dict[str, StepRecord] = {}
        self.free_waits: dict[str, int] = {}
        for step in steps:
            self.latest[step.node_id] = step
            error = step.error or {}
            if step.status == "retry_wait" and error.get("code") == RETRY_REQUESTED:
                self.requested[step.node_id] = step
                self.free_waits[step.node_id] = 0
            elif step.status == "retry_wait" and error.get("rateLimited"):
                self.free_waits[step.node_id] = self.free_waits.get(step.node_id, 0) + 1

    def finished_outputs(self, node_id: str) -> dict[str, list[Item]] | None:
        """The outputs of a node that is done (succeeded, or failed into its error port)."""
        step = self.latest.get(node_id)
        if step is None or step.outputs is None:
            return None
        if step.status not in ("succeeded", "failed"):
            return None
        return {
            port: [Item.from_json(item) for item in items] for port, items in step.outputs.items()
        }

    def run_error(self, node_id: str) -> dict[str, Any] | None:
        """The error that ended the run at this node, when it already failed the run."""
        step = self.latest.get(node_id)
        if step is not None and step.status == "failed" and step.outputs is None:
            return step.error or {"code": "run.failed", "nodeId": node_id}
        return None

    def next_attempt(self, node_id: str) -> NextAttempt:
        """Attempt number for the node's next execution. A retry wait or a step left running by
        a crash counts as a spent attempt; a suspended step runs again as the same attempt."""
        step = self.latest.get(node_id)
        if step is None:
            return NextAttempt(1)
        marker = self.requested.get(node_id)
        counted_from = marker.attempt if marker is not None else 0
        free_waits = min(self.free_waits.get(node_id, 0), MAX_FREE_WAITS)
        counted_from += free_waits
        inputs = None
        if marker is not None and (marker.error or {}).get("inputEdited"):
            inputs = {
                port: [Item.from_json(item) for item in items]
                for port, items in marker.inputs.items()
            }
        if step.status == "waiting":
            until = (step.error or {}).get("resumeAt")
            suspended = float(until) if until is not None else None
            return NextAttempt(step.attempt, suspended, counted_from, inputs, free_waits)
        return NextAttempt(step.attempt + 1, None, counted_from, inputs, free_waits)
