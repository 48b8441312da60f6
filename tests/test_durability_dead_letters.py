"""The dead-letter queue: parking with a reason and class, retry (edited), bulk, discard, audit."""

from __future__ import annotations

from typing import Any
from unittest import mock

import httpx
import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from backend.durability.models import AuditEntry, DeadLetter
from backend.runs.execution import execute_run
from backend.runs.models import Run, RunStatus, Step
from tests.conftest import WorkflowFactory, http_document

ORDER = {"reference": "XKBKNABJK", "lines": [{"price": 10}]}


def answering(*statuses: int) -> httpx.Client:
    replies = iter(statuses)

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(replies), json={"sku": "A1"}, text=None)

    return httpx.Client(transport=httpx.MockTransport(reply))


def parked(client: Client, make_workflow: WorkflowFactory, status: int = 404, **body: Any) -> Run:
    token = make_workflow(http_document()).hook_token
    response = client.post(f"/hooks/{token}", {**ORDER, **body}, content_type="application/json")
    run_id = response.json()["runId"]
    with mock.patch("backend.runs.services.shared_http_client", return_value=answering(status)):
        execute_run(run_id)
    return Run.objects.get(pk=run_id)


@pytest.fixture
def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_it_parks_a_run_with_its_reason_class_step_and_input(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run = parked(client, make_workflow)

    assert run.status == RunStatus.FAILED
    letter = DeadLetter.objects.get(run=run)
    assert (letter.status, letter.error_class, letter.code) == (
        "open",
        "not_found",
        "http.status_404",
    )
    assert letter.node_id == "fetch"
    assert "answered 404" in letter.reason
    assert letter.input == {"main": [{"json": ORDER, "sourceNode": "hook", "sourceIndex": 0}]}
    [entry] = AuditEntry.objects.filter(run=run)
    assert (entry.action, entry.actor_name) == ("parked", "ferry")


@pytest.mark.django_db
def test_it_lists_and_filters_dead_letters(
    api: APIClient, client: Client, make_workflow: WorkflowFactory
) -> None:
    run = parked(client, make_workflow)

    listed = api.get("/api/v1/dead-letters/", {"errorClass": "not_found"}).json()
    assert [d["runId"] for d in listed["results"]] == [str(run.pk)]
    assert listed["results"][0]["businessKey"] == "XKBKNABJK"
    assert api.get("/api/v1/dead-letters/", {"errorClass": "auth"}).json()["count"] == 0
    bad = api.get("/api/v1/dead-letters/", {"errorClass": "weird"})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_it_retries_a_dead_letter_with_an_edited_input_and_records_who(
    api: APIClient,
    client: Client,
    make_workflow: WorkflowFactory,
    user: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = parked(client, make_workflow)
    letter = DeadLetter.objects.get(run=run)

    with (
        mock.patch("backend.runs.doorbell.ring") as ring,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = api.post(
            f"/api/v1/dead-letters/{letter.pk}/retry",
            {"reason": "fixed the SKU", "input": [{"reference": "FIXED"}]},
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "retried"
    ring.assert_called_once_with(str(run.pk))
    assert Run.objects.get(pk=run.pk).status == RunStatus.QUEUED

    sent: list[httpx.Request] = []

    def ok(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"ok": True})

    http = httpx.Client(transport=httpx.MockTransport(ok))
    with mock.patch("backend.runs.services.shared_http_client", return_value=http):
        outcome = execute_run(str(run.pk))
    assert outcome is not None
    assert outcome.status == "succeeded"
    fetches = Step.objects.filter(run=run, node_id="fetch").order_by("id")
    assert [(s.attempt, s.status) for s in fetches] == [
        (1, "failed"),
        (1, "retry_wait"),
        (2, "succeeded"),
    ]
    edited = {"json": {"reference": "FIXED"}, "sourceNode": None, "sourceIndex": None}
    assert [s.inputs for s in fetches][-1] == {"main": [edited]}
    actions = list(AuditEntry.objects.filter(run=run).values_list("action", "actor_name", "reason"))
    assert actions == [
        ("parked", "ferry", letter.reason),
        ("edited", "demo", "fixed the SKU"),
        ("retried", "demo", "fixed the SKU"),
    ]


@pytest.mark.django_db
def test_it_retries_many_by_filter_and_counts_them(
    api: APIClient, client: Client, make_workflow: WorkflowFactory
) -> None:
    first = parked(client, make_workflow)
    second = parked(client, make_workflow, status=401, reference="OTHER")

    with mock.patch("backend.runs.doorbell.ring"):
        response = api.post(
            "/api/v1/dead-letters/retry",
            {"errorClass": "not_found", "reason": "bulk"},
            format="json",
        )

    assert response.json() == {"count": 1, "runIds": [str(first.pk)]}
    assert Run.objects.get(pk=second.pk).status == RunStatus.FAILED
    assert DeadLetter.objects.get(run=second).status == "open"


@pytest.mark.django_db
def test_it_discards_only_with_a_reason_and_never_twice(
    api: APIClient, client: Client, make_workflow: WorkflowFactory
) -> None:
    letter = DeadLetter.objects.get(run=parked(client, make_workflow))
    url = f"/api/v1/dead-letters/{letter.pk}/discard"

    assert api.post(url, {}, format="json").status_code == 400
    done = api.post(url, {"reason": "customer cancelled"}, format="json")
    assert done.json()["status"] == "discarded"
    assert done.json()["audit"][-1]["action"] == "discarded"
    again = api.post(url, {"reason": "twice"}, format="json")
    assert again.status_code == 409
    assert "already discarded" in again.json()["detail"]
    retry = api.post(f"/api/v1/dead-letters/{letter.pk}/retry", {}, format="json")
    assert retry.status_code == 409
