"""GET /api/v1/timeline: a key's runs, steps, bindings, dead letters and replays in time order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.bindings.services import bind
from backend.designer.demo import SAMPLE_ORDER
from backend.designer.models import Workflow
from backend.durability.models import DeadLetter
from backend.ingress.models import InboundEvent
from backend.insights.keys import record_run_keys
from backend.insights.models import RunKey
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run_now
from backend.runs.models import Run, Step

pytestmark = pytest.mark.django_db


def execute_order(workflow: Workflow) -> Run:
    assert workflow.active_version is not None
    run = new_run(
        workflow, workflow.active_version, mode="webhook", payload=SAMPLE_ORDER, ring=False
    )
    InboundEvent.objects.create(
        source="hook", idempotency_key="evt-1", payload=SAMPLE_ORDER, run=run
    )
    execute_run_now(run)
    run.refresh_from_db()
    return run


def test_it_records_the_keys_a_run_touched_when_it_finishes(mapping_workflow: Workflow) -> None:
    run = execute_order(mapping_workflow)

    keys = set(RunKey.objects.filter(run=run).values_list("key", flat=True))
    assert {"xkbknabjk", "demo_1", "demo_3"} <= keys


def test_it_lists_a_references_run_and_steps_in_time_order(
    api: APIClient, mapping_workflow: Workflow
) -> None:
    run = execute_order(mapping_workflow)

    body = api.get("/api/v1/timeline?key=xkbknabjk").json()

    assert [r["id"] for r in body["runs"]] == [str(run.pk)]
    kinds = [entry["kind"] for entry in body["entries"]]
    assert kinds[:2] == ["event.received", "run.started"]
    assert kinds.count("step") == 3
    assert kinds[-1] == "run.succeeded"
    assert [e["at"] for e in body["entries"]] == sorted(e["at"] for e in body["entries"])
    started = body["entries"][1]["details"]
    assert started["versionNumber"] == 1
    assert [m["nodeId"] for m in started["mappings"]] == ["map", "mark"]
    mapped = next(e for e in body["entries"] if e["details"].get("nodeId") == "map")
    assert '"CUOR": "XKBKNABJK"' in mapped["details"]["response"]
    assert mapped["title"] == "Order to M3 order head: succeeded"


def test_it_finds_the_shop_order_from_the_infor_order_number(
    api: APIClient, mapping_workflow: Workflow
) -> None:
    run = execute_order(mapping_workflow)
    bind("order", "default", "XKBKNABJK", "1000000042", run_id=str(run.pk))

    body = api.get("/api/v1/timeline?key=1000000042").json()

    assert body["keys"] == ["1000000042", "xkbknabjk"]
    assert [r["id"] for r in body["runs"]] == [str(run.pk)]
    binding = next(e for e in body["entries"] if e["kind"] == "binding.recorded")
    assert binding["title"] == "Bound order XKBKNABJK ↔ 1000000042"
    assert binding["runId"] == str(run.pk)


def test_it_shows_dead_letters_and_retries_of_a_sku(
    api: APIClient, mapping_workflow: Workflow
) -> None:
    run = execute_order(mapping_workflow)
    step = run.steps.get(node_id="map")
    step.pk = None
    step.attempt = 2
    step.started_at = step.started_at + timedelta(seconds=1)
    step.save()
    DeadLetter.objects.create(
        run=run,
        workflow=mapping_workflow,
        error_class="validation",
        code="x.bad",
        reason="Line 1: item demo_1 does not exist",
        node_id="map",
    )

    entries = api.get("/api/v1/timeline?key=DEMO_1").json()["entries"]

    retry = next(e for e in entries if e["kind"] == "step.retry")
    assert retry["title"] == "Order to M3 order head: succeeded (attempt 2)"
    parked = next(e for e in entries if e["kind"] == "deadletter.parked")
    assert parked["title"] == "Line 1: item demo_1 does not exist"
    assert parked["at"] <= timezone.now().isoformat().replace("+00:00", "Z")


def test_it_answers_an_unknown_key_with_nothing(api: APIClient) -> None:
    body = api.get("/api/v1/timeline?key=NOPE").json()

    assert body["runs"] == []
    assert body["entries"] == []
    assert body["keys"] == ["nope"]


def test_it_refuses_a_missing_key_and_anonymous_callers(api: APIClient) -> None:
    missing = api.get("/api/v1/timeline?key=%20")
    assert missing.status_code == 400
    assert missing.json()["problems"][0]["field"] == "key"
    assert APIClient().get("/api/v1/timeline?key=x").status_code == 403


def test_it_keeps_the_keys_a_batch_run_acted_on_under_the_cap(mapping_workflow: Workflow) -> None:
    assert mapping_workflow.active_version is not None
    run = new_run(mapping_workflow, mapping_workflow.active_version, mode="manual", payload={})
    now = timezone.now()
    listed = {"main": [{"json": {"reference": f"REF{n:04d}"}} for n in range(900)]}
    Step.objects.create(run=run, node_id="read", status="succeeded", outputs=listed, started_at=now)
    acted = {"main": [{"json": {"orderNumber": "1000000777"}}]}
    Step.objects.create(run=run, node_id="ship", status="succeeded", outputs=acted, started_at=now)

    record_run_keys(run)

    keys = set(RunKey.objects.filter(run=run).values_list("key", flat=True))
    assert "1000000777" in keys
    assert len(keys) == 500
