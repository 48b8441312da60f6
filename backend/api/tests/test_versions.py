"""Versions: validated in full, immutable, deduplicated, guarded against lost updates."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.models import Workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(user: User, document: dict[str, Any]) -> Workflow:
    return services.create_workflow("Orders", document=document, user=user)


def changed(document: dict[str, Any], name: str) -> dict[str, Any]:
    edited = copy.deepcopy(document)
    edited["nodes"][2]["name"] = name
    return edited


def url(workflow: Workflow, suffix: str = "") -> str:
    return f"/api/v1/workflows/{workflow.pk}/versions/{suffix}"


def test_it_saves_a_new_version(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    response = api.post(
        url(workflow),
        {"document": changed(document, "Renamed"), "message": "Rename", "baseVersion": 1},
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["number"], body["message"], body["createdBy"]) == (2, "Rename", "ada")
    assert body["document"]["nodes"][2]["name"] == "Renamed"
    assert response["ETag"] == f'"{body["contentHash"]}"'


def test_it_returns_the_latest_version_for_an_identical_document(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    response = api.post(url(workflow), {"document": document}, format="json")

    assert response.status_code == 200
    assert response.json()["number"] == 1
    assert workflow.versions.count() == 1


def test_it_lists_every_problem_of_an_invalid_document_at_once(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    document["nodes"][1]["type"] = "core.no.such.node"
    document["edges"].append(
        {
            "id": "e9",
            "source": "mark",
            "sourcePort": "main",
            "target": "ghost",
            "targetPort": "main",
        }
    )

    response = api.post(url(workflow), {"document": document}, format="json")

    body = response.json()
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {"type", "title", "status", "detail", "problems"} <= set(body)
    assert len(body["problems"]) >= 2
    assert "map" in {p["nodeId"] for p in body["problems"]}
    assert all(set(p) == {"nodeId", "field", "message", "code"} for p in body["problems"])
    assert workflow.versions.count() == 1


def test_it_refuses_a_document_that_is_not_an_object(api: APIClient, workflow: Workflow) -> None:
    response = api.post(url(workflow), {"document": "nodes"}, format="json")

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "document"


def test_it_refuses_a_save_on_top_of_someone_elses_newer_version(
    api: APIClient, workflow: Workflow, document: dict[str, Any], other_user: User
) -> None:
    services.save_version(workflow, changed(document, "Grace's"), user=other_user)

    response = api.post(
        url(workflow), {"document": changed(document, "Ada's"), "baseVersion": 1}, format="json"
    )

    body = response.json()
    assert response.status_code == 409
    assert (body["latestVersion"], body["savedBy"]) == (2, "grace")
    assert "grace" in body["detail"]
    assert workflow.versions.count() == 2


def test_it_checks_if_match_against_the_latest_content_hash(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    first_hash = workflow.versions.get().content_hash
    services.save_version(workflow, changed(document, "Second"))

    stale = api.post(
        url(workflow),
        {"document": changed(document, "Third")},
        format="json",
        HTTP_IF_MATCH=f'"{first_hash}"',
    )
    latest = api.get(url(workflow, "2/"))
    fresh = api.post(
        url(workflow),
        {"document": changed(document, "Third")},
        format="json",
        HTTP_IF_MATCH=latest["ETag"],
    )

    assert stale.status_code == 412
    assert stale.json()["latestVersion"] == 2
    assert fresh.status_code == 201
    assert fresh.json()["number"] == 3


def test_it_lists_versions_newest_first(
    api: APIClient, workflow: Workflow, document: dict[str, Any]
) -> None:
    services.save_version(workflow, changed(document, "Second"))

    response = api.get(url(workflow))

    assert [v["number"] for v in response.json()] == [2, 1]


def test_it_gets_one_version_or_a_404(api: APIClient, workflow: Workflow) -> None:
    found = api.get(url(workflow, "1/"))
    missing = api.get(url(workflow, "7/"))

    assert found.status_code == 200
    assert found.json()["number"] == 1
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
