"""Durability in the engine: retry overrides, hung calls, manual retries, dry runs, limits."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from workflows.graph import validate_document
from workflows.registry import default_registry
from workflows.run_history import RETRY_REQUESTED
from workflows.run_store import MemoryRunStore
from workflows.testing import MemoryServices, document, edge, node, run_document
from workflows.tests.engine_doubles import registry

TRIGGER = node("hook", "core.trigger.webhook")


def _flaky(config: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return document([TRIGGER, node("call", "test.flaky", config, **fields)], [edge("hook", "call")])


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers: a hung target."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()
    for conn in held:
        conn.close()


def test_it_accepts_retryable_codes_in_a_node_retry_override() -> None:
    doc = _flaky({}, retry={"retryableCodes": ["test.unavailable"], "jitter": 0})
    doc["edges"][0]["id"] = "e1"
    assert validate_document(doc, registry()) == []
    doc["nodes"][1]["retry"] = {"retryableCodes": "test.unavailable"}
    problems = validate_document(doc, registry())
    assert [(p.node_id, p.field) for p in problems] == [("call", "retry.retryableCodes")]


def test_it_retries_a_code_the_node_override_lists_as_retryable() -> None:
    doc = _flaky({"retryable": False}, retry={"retryableCodes": ["test.unavailable"]})
    outcome, _store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.status == "waiting"


def test_it_ends_a_hung_http_call_as_a_retryable_timeout(silent_server: str) -> None:
    doc = document(
        [
            TRIGGER,
            node("get", "core.http.request", {"url": f"'{silent_server}'"}, timeoutSeconds=0.3),
        ],
        [edge("hook", "get")],
    )
    services = MemoryServices(http=httpx.Client())
    outcome, store, _sink = run_document(doc, {}, services=services)
    assert outcome.status == "waiting"
    assert outcome.error is not None
    assert (outcome.error["code"], outcome.error["retryable"]) == ("http.timeout", True)
    assert outcome.error["errorClass"] == "timeout"
    assert store.steps("run-1")[-1].status == "retry_wait"


def _failed_run(config: dict[str, Any]) -> tuple[dict[str, Any], MemoryRunStore]:
    doc = _flaky(config, retry={"maximumAttempts": 2, "initialInterval": 0, "jitter": 0})
    store = MemoryRunStore()
    for _ in range(2):
        outcome, _, _ = run_document(doc, {"n": 1}, store=store, registry=registry())
    assert outcome.status == "failed"
    return doc, store


def _request_retry(store: MemoryRunStore, inputs: dict[str, Any] | None = None) -> None:
    failed = store.steps("run-1")[-1]
    marker = store.start_step("run-1", "call", failed.attempt, inputs or failed.inputs)
    note = {"code": RETRY_REQUESTED, "inputEdited": inputs is not None}
    store.finish_step(marker, "retry_wait", None, note)


def test_it_gives_a_retry_a_person_asked_for_the_full_set_of_attempts() -> None:
    doc, store = _failed_run({})
    _request_retry(store)

    outcome, _, _ = run_document(doc, {"n": 1}, store=store, registry=registry())

    assert outcome.status == "waiting"  # attempt 3 failed, and the policy allows one more
    attempts = [(s.attempt, s.status) for s in store.steps("run-1") if s.node_id == "call"]
    assert attempts[-1] == (3, "retry_wait")


def test_it_runs_a_retried_node_on_the_input_a_person_edited() -> None:
    doc, store = _failed_run({"succeedOn": 3})
    _request_retry(store, {"main": [{"json": {"n": 2}}]})

    outcome, _, _ = run_document(doc, {"n": 1}, store=store, registry=registry())

    assert outcome.status == "succeeded"
    assert outcome.output == [{"n": 2}]


def test_it_stops_a_dry_run_before_the_first_side_effect_and_shows_the_request() -> None:
    doc = document(
        [
            TRIGGER,
            node("map", "core.jsonata.map", {"expression": "{'ref': reference}"}),
            node(
                "post",
                "core.http.request",
                {
                    "method": "POST",
                    "url": "'https://erp.test/orders'",
                    "bodyMode": "jsonata",
                    "body": "{'order': ref}",
                },
            ),
        ],
        [edge("hook", "map"), edge("map", "post")],
    )
    from workflows.executor import Executor
    from workflows.run_store import ListSink

    store = MemoryRunStore()
    executor = Executor(default_registry(), store, ListSink(), MemoryServices())
    outcome = executor.run("run-1", "w", doc, None, {"reference": "R1"}, dry_run=True)

    assert outcome.status == "succeeded"
    assert outcome.output == {
        "dryRun": True,
        "stoppedAt": "post",
        "wouldSend": [
            {"method": "POST", "url": "https://erp.test/orders", "body": {"order": "R1"}}
        ],
    }
    assert [(s.node_id, s.status) for s in store.steps("run-1")][-1] == ("post", "waiting")


class Gate:
    """A connection gate that refuses the first ``busy`` calls."""

    def __init__(self, busy: int) -> None:
        self.busy = busy
        self.entered: list[str] = []
        self.left: list[str] = []

    def enter(self, connection_id: str) -> float | None:
        if self.busy:
            self.busy -= 1
            return 5.0
        self.entered.append(connection_id)
        return None

    def leave(self, connection_id: str) -> None:
        self.left.append(connection_id)


def test_it_waits_without_a_worker_while_the_connection_is_full() -> None:
    services = MemoryServices(
        credentials={"c1": ("core.http.bearer", {"token": "t"})},
        http=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))),
    )
    gate = Gate(busy=1)
    services.connection_gate = gate  # type: ignore[attr-defined]
    doc = document(
        [TRIGGER, node("get", "core.http.request", {"url": "'https://x.test'"}, connection="c1")],
        [edge("hook", "get")],
    )
    store = MemoryRunStore()
    first, _, _ = run_document(doc, {}, services=services, store=store)
    assert first.status == "waiting"
    assert first.resume_at is not None
    second, _, _ = run_document(doc, {}, services=services, store=store)
    assert second.status == "succeeded"
    assert (gate.entered, gate.left) == (["c1"], ["c1"])
    assert [s.status for s in store.steps("run-1") if s.node_id == "get"] == [
        "waiting",
        "succeeded",
    ]


def test_it_does_not_spend_attempts_on_waits_for_a_rate_limit() -> None:
    replies = iter([429, 429, 429, 429, 503, 200])
    services = MemoryServices(
        http=httpx.Client(
            transport=httpx.MockTransport(
                lambda request: httpx.Response(next(replies), headers={"Retry-After": "0"})
            )
        )
    )
    retry = {"maximumAttempts": 2, "initialInterval": 0, "jitter": 0}
    doc = document(
        [TRIGGER, node("get", "core.http.request", {"url": "'https://x.test'"}, retry=retry)],
        [edge("hook", "get")],
    )
    store = MemoryRunStore()
    outcomes = [run_document(doc, {}, services=services, store=store)[0] for _ in range(6)]

    assert [o.status for o in outcomes] == ["waiting"] * 5 + ["succeeded"]
    waits = [s.error for s in store.steps("run-1") if s.status == "retry_wait"]
    assert [w["rateLimited"] for w in waits if w] == [True] * 4 + [False]
