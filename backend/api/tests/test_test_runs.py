"""Test runs: executed in the request through the real engine, recorded as ``test`` runs."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.demo import SAMPLE_ORDER
from backend.designer.models import Workflow
from backend.runs.models import Run

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(user: User, document: dict[str, Any]) -> Workflow:
    return services.create_workflow("Orders", document=document, user=user)


def url(workflow: Workflow) -> str:
    return f"/api/v1/workflows/{workflow.pk}/test-run"


def test_it_runs_the_latest_version_and_returns_every_step(
    api: APIClient, workflow: Workflow
) -> None:
    response = api.post(url(workflow), {"payload": SAMPLE_ORDER}, format="json")

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "succeeded"
    assert body["error"] is None
    assert [s["nodeId"] for s in body["steps"]] == ["hook", "map", "mark"]
    mapped = body["steps"][1]["outputs"]["main"][0]["json"]
    assert (mapped["CUOR"], mapped["CUNO"], mapped["ORDT"]) == (
        "XKBKNABJK",
        "WEB0000007",
        "20261120",
    )
    assert body["steps"][2]["nodeName"] == "Add reference text"
    run = Run.objects.get(pk=body["runId"])
    assert (run.mode, run.status, run.business_key) == ("test", "succeeded", "XKBKNABJK")


def test_it_runs_an_unsaved_draft_without_saving_it(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    draft = copy.deepcopy(document)
    draft["nodes"][2]["config"]["fields"] = [{"name": "draft", "value": "true"}]

    response = api.post(url(workflow), {"payload": SAMPLE_ORDER, "document": draft}, format="json")

    assert response.status_code == 200
    assert response.json()["steps"][2]["outputs"]["main"][0]["json"]["draft"] is True
    assert workflow.versions.count() == 1


def test_it_stops_after_the_node_asked_for(api: APIClient, workflow: Workflow) -> None:
    response = api.post(url(workflow), {"payload": SAMPLE_ORDER, "stopAfter": "map"}, format="json")

    assert [s["nodeId"] for s in response.json()["steps"]] == ["hook", "map"]


def test_it_reports_a_failing_node_in_the_result_not_as_an_http_error(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    draft = copy.deepcopy(document)
    draft["nodes"][1]["config"]["expression"] = "$number('not a number')"

    response = api.post(url(workflow), {"payload": SAMPLE_ORDER, "document": draft}, format="json")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "failed"
    assert body["error"]["nodeId"] == "map"


def test_it_refuses_an_invalid_draft_with_all_its_problems(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    draft = copy.deepcopy(document)
    draft["nodes"][1]["config"]["expression"] = "{ 'a': "
    draft["nodes"][2]["type"] = "core.no.such.node"

    response = api.post(url(workflow), {"payload": {}, "document": draft}, format="json")

    assert response.status_code == 400
    assert {"map", "mark"} <= {p["nodeId"] for p in response.json()["problems"]}
    assert not Run.objects.exists()


def test_it_names_an_unknown_stop_after_node(api: APIClient, workflow: Workflow) -> None:
    response = api.post(url(workflow), {"payload": {}, "stopAfter": "nowhere"}, format="json")

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "stopAfter"


def test_it_answers_a_missing_version_with_404(api: APIClient, workflow: Workflow) -> None:
    response = api.post(url(workflow), {"payload": {}, "version": 9}, format="json")

    assert response.status_code == 404


def test_it_needs_a_document_when_nothing_is_saved(api: APIClient, user: User) -> None:
    empty = services.create_workflow("Empty", user=user)

    response = api.post(url(empty), {"payload": {}}, format="json")

    assert response.status_code == 409


def test_it_uses_pinned_outputs_instead_of_executing_a_node(
    api: APIClient, workflow: Workflow
) -> None:
    response = api.post(
        url(workflow),
        {"payload": SAMPLE_ORDER, "pinned": {"map": [{"CUOR": "PINNED", "lines": []}]}},
        format="json",
    )

    marked = response.json()["steps"][-1]["outputs"]["main"][0]["json"]
    assert marked["YREF"] == "Web order PINNED"
    assert marked["lineCount"] == 0


def test_it_names_an_unknown_pinned_node(api: APIClient, workflow: Workflow) -> None:
    response = api.post(
        url(workflow), {"payload": {}, "pinned": {"ghost": [1], "map": [2]}}, format="json"
    )

    assert response.status_code == 400
    assert [p["field"] for p in response.json()["problems"]] == ["pinned.ghost"]
