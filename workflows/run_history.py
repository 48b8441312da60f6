"""A run's checkpointed steps read back: what finished, what to attempt next, what failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workflows.run_store import StepRecord
from workflows.sdk import Item


@dataclass(frozen=True)
class NextAttempt:
    """How to execute a node that has not finished yet."""

    attempt: int
    suspended_until: float | None = None
    """Set when the node suspended itself (a delay) and now runs again."""


class RunHistory:
    """The latest step of each node in a run, oldest run first."""

    def __init__(self, steps: list[StepRecord]) -> None:
        self.latest: dict[str, StepRecord] = {}
        for step in steps:
            self.latest[step.node_id] = step

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
        if step.status == "waiting":
            until = (step.error or {}).get("resumeAt")
            return NextAttempt(step.attempt, float(until) if until is not None else None)
        return NextAttempt(step.attempt + 1)
