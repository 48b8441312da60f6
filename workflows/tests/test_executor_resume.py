"""Resuming: a crashed run skips finished steps; delays suspend and resume without re-waiting."""

from __future__ import annotations

import time

import httpx

from workflows.run_store import MemoryRunStore
from workflows.testing import MemoryServices, document, edge, node, run_document
from workflows.tests.engine_doubles import EXECUTED, registry

TRIGGER = node("hook", "core.trigger.webhook")
CHAIN = document(
    [TRIGGER, node("one", "test.record"), node("two", "test.record"), node("three", "test.record")],
    [edge("hook", "one"), edge("one", "two"), edge("two", "three")],
)


def _crashed_copy(store: MemoryRunStore, finished: int) -> MemoryRunStore:
    """A store holding the first ``finished`` steps of ``store`` and the next one still running,
    as a worker that died mid-step leaves it."""
    copy = MemoryRunStore()
    steps = store.steps("run-1")
    for step in steps[:finished]:
        step_id = copy.start_step("run-1", step.node_id, step.attempt, step.inputs)
        copy.finish_step(step_id, step.status, step.outputs, step.error)
    interrupted = steps[finished]
    copy.start_step("run-1", interrupted.node_id, interrupted.attempt, interrupted.inputs)
    return copy


def test_it_resumes_a_crashed_run_without_repeating_finished_steps() -> None:
    EXECUTED.clear()
    complete, _store, _sink = run_document(CHAIN, {"a": 1}, registry=registry())
    reference = _store
    crashed = _crashed_copy(reference, finished=2)
    EXECUTED.clear()
    outcome, store, _sink = run_document(CHAIN, {"a": 1}, store=crashed, registry=registry())
    assert outcome.status == "succeeded"
    assert outcome.output == complete.output == [{"a": 1}]
    assert EXECUTED == ["two", "three"]
    steps = [(s.node_id, s.attempt, s.status) for s in store.steps("run-1")]
    assert steps == [
        ("hook", 1, "succeeded"),
        ("one", 1, "succeeded"),
        ("two", 1, "running"),
        ("two", 2, "succeeded"),
        ("three", 1, "succeeded"),
    ]


def test_it_feeds_downstream_from_the_outputs_of_finished_steps() -> None:
    doc = document(
        [
            TRIGGER,
            node("map", "core.jsonata.map", {"expression": "a * 10"}),
            node("next", "test.record"),
        ],
        [edge("hook", "map"), edge("map", "next")],
    )
    _outcome, reference, _sink = run_document(doc, {"a": 1}, registry=registry())
    crashed = _crashed_copy(reference, finished=2)
    # The payload differs now; finished steps are trusted, so the stored output still flows.
    outcome, _store, _sink = run_document(doc, {"a": 5}, store=crashed, registry=registry())
    assert outcome.output == [10]


def test_it_suspends_on_a_delay_and_resumes_without_waiting_again() -> None:
    EXECUTED.clear()
    doc = document(
        [TRIGGER, node("wait", "core.delay", {"seconds": 600}), node("after", "test.record")],
        [edge("hook", "wait"), edge("wait", "after")],
    )
    store = MemoryRunStore()
    first, _store, sink = run_document(doc, {"a": 1}, store=store, registry=registry())
    assert first.status == "waiting"
    assert first.resume_at is not None
    assert EXECUTED == []
    assert store.steps("run-1")[-1].status == "waiting"
    assert sink.events[-1]["status"] == "waiting"
    early, _store, _sink = run_document(doc, {"a": 1}, store=store, registry=registry())
    assert early.status == "waiting"
    assert early.resume_at == first.resume_at
    # Let the wait elapse by moving the recorded moment into the past.
    waiting = store.steps("run-1")[-1]
    assert waiting.error is not None
    waiting.error["resumeAt"] = time.time() - 1
    done, _store, _sink = run_document(doc, {"a": 1}, store=store, registry=registry())
    assert done.status == "succeeded"
    assert EXECUTED == ["after"]
    assert [s.status for s in store.steps("run-1")] == [
        "succeeded",
        "waiting",
        "waiting",
        "succeeded",
        "succeeded",
    ]


def test_it_tightens_the_node_timeout_into_the_request_timeout() -> None:
    timeouts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"]["read"])
        return httpx.Response(200, json={})

    services = MemoryServices(http=httpx.Client(transport=httpx.MockTransport(handler)))
    doc = document(
        [TRIGGER, node("get", "core.http.request", {"url": "'https://x.test'"}, timeoutSeconds=2)],
        [edge("hook", "get")],
    )
    outcome, _store, _sink = run_document(doc, {}, services=services)
    assert outcome.status == "succeeded"
    assert 0 < timeouts[0] <= 2


def test_it_authenticates_http_calls_with_the_node_connection() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"auth": request.headers.get("Authorization")})

    services = MemoryServices(
        credentials={"conn-1": ("core.http.bearer", {"token": "abc"})},
        http=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    doc = document(
        [
            TRIGGER,
            node("get", "core.http.request", {"url": "'https://x.test'"}, connection="conn-1"),
        ],
        [edge("hook", "get")],
    )
    outcome, _store, _sink = run_document(doc, {}, services=services)
    assert outcome.output[0]["body"] == {"auth": "Bearer abc"}


def test_it_fails_a_run_that_outlives_its_timeout() -> None:
    doc = document(
        [TRIGGER, node("wait", "core.delay", {"seconds": 0}), node("after", "test.record")],
        [edge("hook", "wait"), edge("wait", "after")],
        timeoutSeconds=1e-9,
    )
    outcome, store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error["code"] == "run.timeout"
