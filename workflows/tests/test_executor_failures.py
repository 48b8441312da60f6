"""Failures: error ports, failed runs, crashes, retries as waits, non-retryable codes."""

from __future__ import annotations

import time

from workflows.run_store import MemoryRunStore
from workflows.testing import document, edge, node, run_document
from workflows.tests.engine_doubles import EXECUTED, registry

TRIGGER = node("hook", "core.trigger.webhook")


def _flaky_doc(config: dict[str, object], **fields: object) -> dict[str, object]:
    return document(
        [TRIGGER, node("call", "test.flaky", config, **fields), node("after", "test.record")],
        [edge("hook", "call"), edge("call", "after")],
    )


def test_it_routes_failing_items_to_the_error_port() -> None:
    doc = document(
        [
            TRIGGER,
            node("map", "core.jsonata.map", {"expression": "a + 1"}),
            node("handle", "core.set", {"fields": [{"name": "handled", "value": "true"}]}),
        ],
        [edge("hook", "map"), edge("map", "handle", "error")],
    )
    outcome, store, _sink = run_document(doc, {"a": "x"})
    assert outcome.status == "succeeded"
    [routed] = outcome.output
    assert routed["json"] == {"a": "x"}
    assert routed["error"]["code"] == "mapping.failed"
    assert routed["handled"] is True
    failed = store.steps("run-1")[1]
    assert failed.status == "failed"
    assert failed.error is not None
    assert failed.error["nodeId"] == "map"


def test_it_fails_the_run_when_no_error_port_is_wired() -> None:
    doc = document(
        [TRIGGER, node("map", "core.jsonata.map", {"expression": "{'a': }"})],
        [edge("hook", "map")],
    )
    outcome, store, sink = run_document(doc, {})
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error["code"] == "mapping.invalid"
    assert outcome.error["nodeId"] == "map"
    assert store.steps("run-1")[-1].status == "failed"
    assert sink.events[-1]["type"] == "run.finished"
    assert sink.events[-1]["error"] == outcome.error


def test_it_turns_an_unexpected_exception_into_a_crash_error() -> None:
    doc = document(
        [TRIGGER, node("bad", "test.explode", {}, name="Broken step")], [edge("hook", "bad")]
    )
    outcome, store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error["code"] == "node.crashed"
    assert outcome.error["errorClass"] == "bug"
    assert "Broken step" in outcome.error["message"]
    assert len(store.steps("run-1")) == 2


def test_it_retries_a_crash_only_when_the_policy_lists_it() -> None:
    retry = {"retryableCodes": ["node.crashed"], "maximumAttempts": 2}
    doc = document([TRIGGER, node("bad", "test.explode", retry=retry)], [edge("hook", "bad")])
    outcome, _store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.status == "waiting"
    assert outcome.error is not None
    assert outcome.error["code"] == "node.crashed"


def test_it_fails_the_step_not_the_worker_on_a_native_panic() -> None:
    doc = document([TRIGGER, node("bad", "test.explode", {"panic": True})], [edge("hook", "bad")])
    outcome, store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.error is not None
    assert outcome.error["code"] == "node.crashed"
    assert "Panic" in outcome.error["message"]
    assert store.steps("run-1")[-1].status == "failed"


def test_it_waits_instead_of_retrying_at_once() -> None:
    before = time.time()
    outcome, store, sink = run_document(_flaky_doc({"succeedOn": 2}), {}, registry=registry())
    assert outcome.status == "waiting"
    assert outcome.resume_at is not None
    assert before + 10 <= outcome.resume_at <= time.time() + 10
    step = store.steps("run-1")[-1]
    assert step.status == "retry_wait"
    assert step.error is not None
    assert step.error["retryAt"] == outcome.resume_at
    assert sink.events[-1]["status"] == "waiting"


def test_it_resumes_a_retry_as_the_next_attempt_and_succeeds() -> None:
    EXECUTED.clear()
    doc, store = _flaky_doc({"succeedOn": 2}), MemoryRunStore()
    first, _store, _sink = run_document(doc, {"n": 1}, store=store, registry=registry())
    assert first.status == "waiting"
    second, _store, _sink = run_document(doc, {"n": 1}, store=store, registry=registry())
    assert second.status == "succeeded"
    assert second.output == [{"n": 1}]
    attempts = [(s.node_id, s.attempt, s.status) for s in store.steps("run-1")]
    assert attempts == [
        ("hook", 1, "succeeded"),
        ("call", 1, "retry_wait"),
        ("call", 2, "succeeded"),
        ("after", 1, "succeeded"),
    ]
    assert EXECUTED == ["call", "call", "after"]


def test_it_uses_the_delay_the_target_asked_for() -> None:
    before = time.time()
    doc = _flaky_doc({"succeedOn": 2, "retryAfter": 120})
    outcome, _store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.resume_at is not None
    assert outcome.resume_at >= before + 120


def test_it_fails_after_the_last_attempt() -> None:
    doc, store = _flaky_doc({"succeedOn": 99}, retry={"maximumAttempts": 2}), MemoryRunStore()
    first, _store, _sink = run_document(doc, {}, store=store, registry=registry())
    second, _store, _sink = run_document(doc, {}, store=store, registry=registry())
    assert (first.status, second.status) == ("waiting", "failed")
    assert [s.status for s in store.steps("run-1")] == ["succeeded", "retry_wait", "failed"]
    third, _store, _sink = run_document(doc, {}, store=store, registry=registry())
    assert third.status == "failed"
    assert len(store.steps("run-1")) == 3


def test_it_does_not_retry_a_non_retryable_error() -> None:
    outcome, _store, _sink = run_document(_flaky_doc({"retryable": False}), {}, registry=registry())
    assert outcome.status == "failed"


def test_it_does_not_retry_codes_the_node_override_lists() -> None:
    doc = _flaky_doc({"code": "test.gone"}, retry={"nonRetryableCodes": ["test.gone"]})
    outcome, _store, _sink = run_document(doc, {}, registry=registry())
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error["code"] == "test.gone"


def test_it_routes_to_the_error_port_only_after_the_last_attempt() -> None:
    doc = document(
        [
            TRIGGER,
            node("call", "test.flaky", {}, retry={"maximumAttempts": 2}),
            node("oops", "test.record"),
        ],
        [edge("hook", "call"), edge("call", "oops", "error")],
    )
    store = MemoryRunStore()
    first, _store, _sink = run_document(doc, {"n": 1}, store=store, registry=registry())
    assert first.status == "waiting"
    second, _store, _sink = run_document(doc, {"n": 1}, store=store, registry=registry())
    assert second.status == "succeeded"
    assert second.output[0]["json"] == {"n": 1}
    assert second.output[0]["error"]["code"] == "test.unavailable"


def test_it_fails_a_node_of_an_unknown_type_or_with_bad_config() -> None:
    doc = document([TRIGGER, node("x", "core.nothing")], [edge("hook", "x")])
    outcome, _store, _sink = run_document(doc, {})
    assert outcome.error is not None
    assert outcome.error["code"] == "node.unknown_type"
    doc = document(
        [TRIGGER, node("x", "core.jsonata.map", {"mode": "sometimes"})], [edge("hook", "x")]
    )
    outcome, _store, _sink = run_document(doc, {})
    assert outcome.error is not None
    assert outcome.error["code"] == "node.invalid_config"
    assert outcome.error["field"] == "mode"


def test_rate_limited_waits_honour_the_asked_wait_and_spread_wider_each_time() -> None:
    import random

    from workflows.executor import RATE_LIMIT_SPREAD_CAP, rate_limit_wait

    asked = 0.025
    waits = [
        [rate_limit_wait(asked, n, random.Random(f"run-{r}:node:{n}")) for r in range(200)]
        for n in range(12)
    ]

    assert all(asked <= wait <= asked + RATE_LIMIT_SPREAD_CAP for row in waits for wait in row)
    widths = [max(row) - min(row) for row in waits]
    assert widths[0] < 0.05 < widths[4] < widths[8]
    # Runs turned away together come back spread out, not together.
    assert len({round(wait, 3) for wait in waits[8]}) > 150
    assert max(waits[11]) <= asked + RATE_LIMIT_SPREAD_CAP
    assert max(waits[11]) > asked + RATE_LIMIT_SPREAD_CAP / 2
