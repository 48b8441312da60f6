"""A store that holds a step's end until the run's next write is told to write it before the
trigger's records are handed over, since the hand-over writes runs of its own."""

from __future__ import annotations

from typing import Any

from workflows.run_store import MemoryRunStore, StepStatus
from workflows.sdk import Item
from workflows.testing import run_document
from workflows.tests.test_executor_record_runs import RECORDS, HandOver, _document


class HoldingStore(MemoryRunStore):
    """Keeps each step's end back until ``write_held``, like the database store combining
    checkpoints; ``written`` is what a crash would leave."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[tuple[str, StepStatus]] = []
        self.written: list[tuple[str, StepStatus]] = []

    def finish_step(
        self,
        step_id: str,
        status: StepStatus,
        outputs: dict[str, list[dict[str, Any]]] | None,
        error: dict[str, Any] | None,
    ) -> str:
        super().finish_step(step_id, status, outputs, error)
        self.held.append((step_id, status))
        return step_id

    def write_held(self) -> None:
        self.written.extend(self.held)
        self.held.clear()


class Watching(HandOver):
    """Notes what the store had written when the records were handed over."""

    def __init__(self, store: HoldingStore) -> None:
        super().__init__()
        self.store = store
        self.written_then: list[tuple[str, StepStatus]] = []

    def start(self, run_id: str, node_id: str, items: list[Item]) -> int | None:
        self.written_then = list(self.store.written)
        return super().start(run_id, node_id, items)


def test_it_writes_the_triggers_held_checkpoint_before_handing_records_over() -> None:
    store = HoldingStore()
    services = Watching(store)

    outcome, _store, _sink = run_document(_document(True), RECORDS, services=services, store=store)

    assert outcome.output == [{"recordRuns": 3}]
    assert services.written_then == [("1", "succeeded")]
