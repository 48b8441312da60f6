"""The executor walks the graph from the trigger in item batches and checkpoints every step."""

from __future__ import annotations

from typing import Any

from workflows.testing import MemoryServices, document, edge, node, run_document
from workflows.tests.engine_doubles import EXECUTED, registry

TRIGGER = node("hook", "core.trigger.webhook")


def _statuses(store: Any, run_id: str = "run-1") -> list[tuple[str, str]]:
    return [(step.node_id, step.status) for step in store.steps(run_id)]


def test_it_runs_a_linear_flow_and_returns_the_last_items() -> None:
    doc = document(
        [TRIGGER, node("map", "core.jsonata.map", {"expression": "{'ref': reference}"})],
        [edge("hook", "map")],
    )
    outcome, store, _sink = run_document(doc, {"reference": "A-1"})
    assert outcome.status == "succeeded"
    assert outcome.output == [{"ref": "A-1"}]
    assert _statuses(store) == [("hook", "succeeded"), ("map", "succeeded")]


def test_it_checkpoints_inputs_and_outputs_with_lineage() -> None:
    doc = document(
        [TRIGGER, node("each", "core.for_each", {"list": "lines"})], [edge("hook", "each")]
    )
    _outcome, store, _sink = run_document(doc, {"lines": ["x", "y"]})
    step = store.steps("run-1")[1]
    assert step.inputs == {
        "main": [{"json": {"lines": ["x", "y"]}, "sourceNode": "hook", "sourceIndex": 0}]
    }
    assert step.outputs == {
        "main": [
            {"json": "x", "sourceNode": "hook", "sourceIndex": 0},
            {"json": "y", "sourceNode": "hook", "sourceIndex": 0},
        ]
    }


def test_it_follows_only_the_branch_an_if_takes() -> None:
    doc = document(
        [
            TRIGGER,
            node("check", "core.if", {"condition": "paid"}),
            node("ship", "core.set", {"fields": [{"name": "ship", "value": "true"}]}),
            node("remind", "core.set", {"fields": [{"name": "remind", "value": "true"}]}),
        ],
        [edge("hook", "check"), edge("check", "ship", "true"), edge("check", "remind", "false")],
    )
    outcome, store, _sink = run_document(doc, {"paid": True})
    assert outcome.output == [{"paid": True, "ship": True}]
    assert [n for n, _ in _statuses(store)] == ["hook", "check", "ship"]


def test_it_routes_switch_outputs_by_rule() -> None:
    rules = [{"name": "eu", "condition": "country in ['FR', 'DE']"}]
    doc = document(
        [
            TRIGGER,
            node("each", "core.for_each", {"list": "orders"}),
            node("route", "core.switch", {"rules": rules, "fallback": True}),
            node("eu", "core.set", {"fields": [{"name": "zone", "value": "'eu'"}]}),
            node("world", "core.set", {"fields": [{"name": "zone", "value": "'world'"}]}),
        ],
        [
            edge("hook", "each"),
            edge("each", "route"),
            edge("route", "eu", "eu"),
            edge("route", "world", "fallback"),
        ],
    )
    orders = [{"country": "FR"}, {"country": "US"}, {"country": "DE"}]
    outcome, _store, _sink = run_document(doc, {"orders": orders})
    assert outcome.output == [
        {"country": "FR", "zone": "eu"},
        {"country": "DE", "zone": "eu"},
        {"country": "US", "zone": "world"},
    ]


def test_it_waits_for_both_branches_before_a_merge() -> None:
    doc = document(
        [
            TRIGGER,
            node("lines", "core.for_each", {"list": "lines"}),
            node(
                "total", "core.jsonata.map", {"expression": "{'total': $sum(qty)}", "mode": "all"}
            ),
            node("join", "core.merge", {"mode": "append"}),
        ],
        [
            edge("hook", "lines"),
            edge("lines", "total"),
            edge("lines", "join", target_port="a"),
            edge("total", "join", target_port="b"),
        ],
    )
    outcome, store, _sink = run_document(doc, {"lines": [{"qty": 1}, {"qty": 2}]})
    assert outcome.output == [{"qty": 1}, {"qty": 2}, {"total": 3}]
    assert [n for n, _ in _statuses(store)] == ["hook", "lines", "total", "join"]


def test_it_merges_what_arrived_when_a_branch_was_not_taken() -> None:
    doc = document(
        [
            TRIGGER,
            node("check", "core.if", {"condition": "vip"}),
            node("join", "core.merge", {"mode": "append"}),
        ],
        [
            edge("hook", "check"),
            edge("check", "join", "true", "a"),
            edge("check", "join", "false", "b"),
        ],
    )
    outcome, _store, _sink = run_document(doc, {"vip": False})
    assert outcome.output == [{"vip": False}]


def test_it_passes_items_through_a_disabled_node() -> None:
    doc = document(
        [TRIGGER, node("map", "core.jsonata.map", {"expression": "42"}, disabled=True)],
        [edge("hook", "map")],
    )
    outcome, _store, _sink = run_document(doc, {"a": 1})
    assert outcome.output == [{"a": 1}]


def test_it_stops_after_the_chosen_node() -> None:
    EXECUTED.clear()
    doc = document(
        [TRIGGER, node("first", "test.record"), node("second", "test.record")],
        [edge("hook", "first"), edge("first", "second")],
    )
    outcome, store, _sink = run_document(doc, {"a": 1}, stop_after="first", registry=registry())
    assert outcome.status == "succeeded"
    assert outcome.output == [{"a": 1}]
    assert EXECUTED == ["first"]
    assert [n for n, _ in _statuses(store)] == ["hook", "first"]


def test_it_uses_pinned_outputs_instead_of_executing() -> None:
    EXECUTED.clear()
    doc = document(
        [
            TRIGGER,
            node("fetch", "test.record"),
            node("map", "core.jsonata.map", {"expression": "n * 2"}),
        ],
        [edge("hook", "fetch"), edge("fetch", "map")],
    )
    pinned = {"fetch": [{"n": 1}, {"json": {"n": 5}, "sourceNode": None, "sourceIndex": None}]}
    outcome, store, _sink = run_document(doc, {}, pinned=pinned, registry=registry())
    assert outcome.output == [2, 10]
    assert EXECUTED == []
    assert store.steps("run-1")[1].status == "succeeded"


def test_it_starts_at_the_given_trigger_only() -> None:
    doc = document(
        [
            TRIGGER,
            node("manual", "core.trigger.manual"),
            node("from_hook", "core.set", {"fields": [{"name": "via", "value": "'hook'"}]}),
            node("from_manual", "core.set", {"fields": [{"name": "via", "value": "'manual'"}]}),
        ],
        [edge("hook", "from_hook"), edge("manual", "from_manual")],
    )
    outcome, _store, _sink = run_document(doc, {}, trigger_node_id="manual")
    assert outcome.output == [{"via": "manual"}]


def test_it_calls_sub_workflows_through_the_services() -> None:
    child = document(
        [
            node("start", "core.trigger.manual"),
            node("double", "core.jsonata.map", {"expression": "n * 2"}),
        ],
        [edge("start", "double")],
    )
    services = MemoryServices(workflows={"child": child})
    doc = document(
        [
            TRIGGER,
            node("call", "core.workflow.call", {"workflowId": "child", "payload": "{'n': n}"}),
        ],
        [edge("hook", "call")],
    )
    outcome, _store, _sink = run_document(doc, {"n": 21}, services=services)
    assert outcome.output == [[42]]
    assert services.calls == [("child", {"n": 21}, "run-1")]


def test_it_emits_events_in_order() -> None:
    doc = document(
        [TRIGGER, node("map", "core.jsonata.map", {"expression": "$"})], [edge("hook", "map")]
    )
    _outcome, store, sink = run_document(doc, {})
    kinds = [(e["type"], e["nodeId"], e["status"]) for e in sink.events]
    assert kinds == [
        ("run.started", None, "running"),
        ("step.started", "hook", "running"),
        ("step.finished", "hook", "succeeded"),
        ("step.started", "map", "running"),
        ("step.finished", "map", "succeeded"),
        ("run.finished", None, "succeeded"),
    ]
    first = sink.events[1]
    assert first["runId"] == "run-1"
    assert first["workflowId"] == "workflow-1"
    # A node without side effects is stored once, at its end, so only its end has a step id.
    assert first["stepId"] is None
    assert sink.events[2]["stepId"] == store.steps("run-1")[0].step_id
    assert first["attempt"] == 1
    assert set(first) == {
        "type",
        "runId",
        "workflowId",
        "nodeId",
        "stepId",
        "attempt",
        "status",
        "at",
        "error",
    }


def test_it_fails_a_document_without_a_trigger() -> None:
    outcome, _store, _sink = run_document(document([node("map", "core.jsonata.map")], []), {})
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error["code"] == "workflow.invalid"


def test_it_fails_a_loop_clearly() -> None:
    doc = document(
        [TRIGGER, node("a", "core.jsonata.map"), node("b", "core.jsonata.map")],
        [edge("hook", "a"), edge("a", "b"), edge("b", "a")],
    )
    outcome, _store, _sink = run_document(doc, {})
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert "loop" in outcome.error["message"]
