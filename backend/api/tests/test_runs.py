"""Run history: filters, order, pages, detail with named steps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.models import Workflow
from backend.runs.models import Run, Step

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def workflow(user: User, document: dict[str, Any]) -> Workflow:
    return services.create_workflow("Orders", document=document, user=user)


def make_run(workflow: Workflow, minutes: int, **fields: Any) -> Run:
    run = Run.objects.create(workflow=workflow, version=workflow.versions.get(), **fields)
    Run.objects.filter(pk=run.pk).update(created_at=T0 + timedelta(minutes=minutes))
    return run


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.json()
    return [r["id"] for r in response.json()["results"]]


def test_it_lists_runs_newest_first_in_pages(api: APIClient, workflow: Workflow) -> None:
    runs = [make_run(workflow, minutes) for minutes in range(5)]

    page = api.get("/api/v1/runs/?limit=2&offset=1").json()

    assert page["count"] == 5
    assert [r["id"] for r in page["results"]] == [str(runs[3].pk), str(runs[2].pk)]
    assert page["results"][0]["workflowName"] == "Orders"
    assert page["results"][0]["versionNumber"] == 1


def test_it_filters_by_workflow_status_and_mode(
    api: APIClient, workflow: Workflow, user: User
) -> None:
    other = services.create_workflow("Other", document=workflow.versions.get().document)
    failed = make_run(workflow, 1, status="failed", mode="webhook")
    waiting = make_run(workflow, 2, status="retry_wait", mode="manual")
    make_run(workflow, 3, status="succeeded", mode="webhook")
    elsewhere = make_run(other, 4, status="failed", mode="webhook")

    assert ids(api.get(f"/api/v1/runs/?workflow={other.pk}")) == [str(elsewhere.pk)]
    by_status = ids(api.get(f"/api/v1/runs/?status=failed&workflow={workflow.pk}"))
    assert by_status == [str(failed.pk)]
    several = ids(api.get(f"/api/v1/runs/?status=failed,retry_wait&workflow={workflow.pk}"))
    assert several == [str(waiting.pk), str(failed.pk)]
    assert ids(api.get("/api/v1/runs/?mode=manual")) == [str(waiting.pk)]


def test_it_filters_by_time_window(api: APIClient, workflow: Workflow) -> None:
    make_run(workflow, 0)
    inside = make_run(workflow, 30)
    make_run(workflow, 90)

    response = api.get(
        "/api/v1/runs/",
        {"since": "2026-03-01T12:10:00Z", "until": "2026-03-01T14:00:00+01:00"},
    )

    assert ids(response) == [str(inside.pk)]


def test_it_searches_business_keys_and_run_ids(api: APIClient, workflow: Workflow) -> None:
    order = make_run(workflow, 1, business_key="XKBKNABJK")
    other = make_run(workflow, 2, business_key="QWERTY")

    assert ids(api.get("/api/v1/runs/?search=kbkna")) == [str(order.pk)]
    assert ids(api.get(f"/api/v1/runs/?search={other.pk}")) == [str(other.pk)]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("until=2026-13-45", "until"),
        ("status=exploded", "status"),
        ("mode=telepathy", "mode"),
        ("workflow=42", "workflow"),
    ],
)
def test_it_answers_a_bad_filter_with_400_naming_it(
    api: APIClient, workflow: Workflow, query: str, field: str
) -> None:
    response = api.get(f"/api/v1/runs/?{query}")

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == field


def test_it_shows_a_run_with_its_named_steps_and_durations(
    api: APIClient, workflow: Workflow
) -> None:
    run = make_run(
        workflow,
        0,
        status="succeeded",
        input={"order": {"reference": "R1"}},
        started_at=T0,
        finished_at=T0 + timedelta(milliseconds=1500),
    )
    Step.objects.create(
        run=run,
        node_id="map",
        status="succeeded",
        inputs={"main": [{"json": {"a": 1}}]},
        outputs={"main": [{"json": {"b": 2}}]},
        started_at=T0,
        finished_at=T0 + timedelta(milliseconds=250),
    )
    Step.objects.create(run=run, node_id="deleted-node", status="running", started_at=T0)

    body = api.get(f"/api/v1/runs/{run.pk}/").json()

    assert body["durationMs"] == 1500
    assert body["input"] == {"order": {"reference": "R1"}}
    first, second = body["steps"]
    assert (first["nodeName"], first["nodeType"], first["durationMs"]) == (
        "Order to M3 order head",
        "core.jsonata.map",
        250,
    )
    assert first["outputs"] == {"main": [{"json": {"b": 2}}]}
    assert (second["nodeName"], second["nodeType"], second["durationMs"]) == (
        "deleted-node",
        "",
        None,
    )
    steps = api.get(f"/api/v1/runs/{run.pk}/steps/").json()
    assert [s["nodeId"] for s in steps] == ["map", "deleted-node"]


def test_it_lists_the_runs_a_poll_started_and_links_both_ways(
    api: APIClient, workflow: Workflow
) -> None:
    poll = make_run(workflow, 0, mode="schedule", status="succeeded")
    records = [make_run(workflow, minutes, mode="poll", parent_run=poll) for minutes in (1, 2)]
    make_run(workflow, 3, mode="webhook")

    listed = ids(api.get(f"/api/v1/runs/?parent={poll.pk}"))
    detail = api.get(f"/api/v1/runs/{poll.pk}/").json()
    one = api.get(f"/api/v1/runs/{records[0].pk}/").json()

    assert listed == [str(records[1].pk), str(records[0].pk)]
    assert detail["startedRuns"] == 2
    assert detail["parentRunId"] is None
    assert one["parentRunId"] == str(poll.pk)
    assert one["startedRuns"] == 0
    assert api.get("/api/v1/runs/?parent=nope").json()["problems"][0]["field"] == "parent"
