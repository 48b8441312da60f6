"""One run per record: a trigger set to ``runPerRecord`` hands its records to the host."""

from __future__ import annotations

from typing import Any

from workflows.run_store import MemoryRunStore
from workflows.sdk import Item
from workflows.testing import MemoryServices, document, edge, node, run_document
from workflows.tests.engine_doubles import EXECUTED, registry

RECORDS = {"records": [{"id": 1}, {"id": 2}, {"id": 3}]}


def _document(run_per_record: bool) -> dict[str, Any]:
    return document(
        [
            node("found", "test.found", {"runPerRecord": run_per_record}),
            node("next", "test.record"),
        ],
        [edge("found", "next")],
    )


class HandOver(MemoryServices):
    """Services whose host starts record runs; ``answer`` is what ``start`` returns."""

    def __init__(self, answer: int | None = 0) -> None:
        super().__init__(registry=registry())
        self.answer = answer
        self.handed: list[tuple[str, str, list[Any]]] = []

    @property
    def record_runs(self) -> HandOver:
        return self

    def start(self, run_id: str, node_id: str, items: list[Item]) -> int | None:
        self.handed.append((run_id, node_id, [item.json for item in items]))
        return len(items) if self.answer == 0 else self.answer


def test_it_hands_the_records_over_and_ends_without_running_the_rest() -> None:
    EXECUTED.clear()
    services = HandOver()

    outcome, store, _sink = run_document(_document(True), RECORDS, services=services)

    assert outcome.status == "succeeded"
    assert outcome.output == [{"recordRuns": 3}]
    assert services.handed == [("run-1", "found", RECORDS["records"])]
    assert EXECUTED == ["found"]
    assert [step.node_id for step in store.steps("run-1")] == ["found"]


def test_a_records_own_run_goes_on_through_the_graph() -> None:
    EXECUTED.clear()
    services = HandOver(answer=None)

    outcome, _store, _sink = run_document(_document(True), RECORDS, services=services)

    assert outcome.status == "succeeded"
    assert EXECUTED == ["found", "next"]
    assert outcome.output == RECORDS["records"]


def test_a_resumed_polling_run_asks_again_and_the_host_answers_what_it_started() -> None:
    services = HandOver()
    store = MemoryRunStore()
    run_document(_document(True), RECORDS, services=services, store=store)
    EXECUTED.clear()

    outcome, _store, _sink = run_document(_document(True), RECORDS, services=services, store=store)

    assert EXECUTED == []  # the trigger's records come from its checkpoint
    assert [handed[2] for handed in services.handed] == [RECORDS["records"]] * 2
    assert outcome.output == [{"recordRuns": 3}]


def test_without_the_setting_or_a_host_that_starts_runs_one_run_carries_the_batch() -> None:
    host = HandOver()
    for doc, services in (
        (_document(False), host),
        (_document(True), MemoryServices(registry=registry())),
    ):
        EXECUTED.clear()
        outcome, _store, _sink = run_document(doc, RECORDS, services=services)
        assert EXECUTED == ["found", "next"]
        assert outcome.output == RECORDS["records"]
    assert host.handed == []
