"""Workflows: list, create (with a first version), change, delete, deploy."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.models import Deployment, Workflow, WorkflowVersion
from backend.runs.models import Run

pytestmark = pytest.mark.django_db


def test_it_lists_workflows_in_pages(api: APIClient, user: User) -> None:
    for name in ("Beta", "Alpha", "Gamma"):
        services.create_workflow(name, user=user)

    page = api.get("/api/v1/workflows/?limit=2").json()

    assert page["count"] == 3
    assert [w["name"] for w in page["results"]] == ["Alpha", "Beta"]
    assert page["next"]
    assert page["previous"] is None
    assert set(page["results"][0]) == {
        "id",
        "name",
        "description",
        "activeVersion",
        "latestVersion",
        "paused",
        "hookUrl",
        "createdAt",
        "updatedAt",
        "lastRun",
    }


def test_it_creates_a_workflow_with_its_document_as_version_1(
    api: APIClient, document: dict[str, Any]
) -> None:
    response = api.post(
        "/api/v1/workflows/",
        {"name": "Orders", "description": "Shop to ERP", "document": document},
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert body["latestVersion"] == 1
    assert body["activeVersion"] is None
    assert body["hookUrl"].startswith("http://testserver/hooks/")
    version = WorkflowVersion.objects.get(workflow_id=body["id"])
    assert version.created_by is not None
    assert version.created_by.get_username() == "ada"


def test_it_creates_nothing_when_the_first_document_is_invalid(
    api: APIClient, document: dict[str, Any]
) -> None:
    document["nodes"][1]["type"] = "core.no.such.node"

    response = api.post("/api/v1/workflows/", {"name": "Bad", "document": document}, format="json")

    assert response.status_code == 400
    assert response.json()["problems"][0]["nodeId"] == "map"
    assert not Workflow.objects.exists()


def test_it_renames_and_pauses_a_workflow(api: APIClient, user: User) -> None:
    workflow = services.create_workflow("Old name", user=user)

    response = api.patch(
        f"/api/v1/workflows/{workflow.pk}/", {"name": "New name", "paused": True}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["name"] == "New name"
    assert response.json()["paused"] is True


def test_it_deletes_a_workflow_with_its_runs(
    api: APIClient, user: User, document: dict[str, Any]
) -> None:
    workflow = services.create_workflow("Doomed", document=document, user=user)
    version = workflow.versions.get()
    services.deploy(version, user)
    Run.objects.create(workflow=workflow, version=version, mode="manual")

    response = api.delete(f"/api/v1/workflows/{workflow.pk}/")

    assert response.status_code == 204
    assert not Run.objects.exists()
    assert not WorkflowVersion.objects.exists()


def test_it_shows_the_last_run(api: APIClient, user: User, document: dict[str, Any]) -> None:
    workflow = services.create_workflow("Runs", document=document, user=user)
    run = Run.objects.create(workflow=workflow, version=workflow.versions.get(), status="failed")

    body = api.get(f"/api/v1/workflows/{workflow.pk}/").json()

    assert body["lastRun"]["id"] == str(run.pk)
    assert body["lastRun"]["status"] == "failed"
    assert body["lastRun"]["createdAt"] == run.created_at.isoformat().replace("+00:00", "Z")


def test_it_deploys_a_version(api: APIClient, user: User, document: dict[str, Any]) -> None:
    workflow = services.create_workflow("Deploy me", document=document, user=user)

    response = api.post(f"/api/v1/workflows/{workflow.pk}/deploy", {"version": 1}, format="json")

    assert response.status_code == 200
    assert response.json()["activeVersion"] == 1
    deployment = Deployment.objects.get(workflow=workflow)
    assert deployment.version.number == 1
    assert deployment.deployed_by == user


def test_it_does_not_record_a_redeploy_of_the_active_version(
    api: APIClient, user: User, document: dict[str, Any]
) -> None:
    workflow = services.create_workflow("Twice", document=document, user=user)

    for _ in range(2):
        api.post(f"/api/v1/workflows/{workflow.pk}/deploy/", {"version": 1}, format="json")

    assert Deployment.objects.filter(workflow=workflow).count() == 1


def test_it_answers_deploying_a_missing_version_with_404(api: APIClient, user: User) -> None:
    workflow = services.create_workflow("Empty", user=user)

    response = api.post(f"/api/v1/workflows/{workflow.pk}/deploy", {"version": 3}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_it_refuses_to_deploy_a_version_whose_node_type_is_gone(
    api: APIClient, user: User, document: dict[str, Any]
) -> None:
    workflow = services.create_workflow("Stale", user=user)
    document["nodes"][2]["type"] = "removed.connector.node"
    WorkflowVersion.objects.create(workflow=workflow, number=1, document=document)

    response = api.post(f"/api/v1/workflows/{workflow.pk}/deploy", {"version": 1}, format="json")

    assert response.status_code == 400
    assert response.json()["title"] == "This version can no longer be deployed"
    assert any(p["nodeId"] == "mark" for p in response.json()["problems"])
    workflow.refresh_from_db()
    assert workflow.active_version is None


def test_it_names_the_field_of_a_bad_deploy_request(api: APIClient, user: User) -> None:
    workflow = services.create_workflow("Bad request", user=user)

    response = api.post(f"/api/v1/workflows/{workflow.pk}/deploy", {"version": "x"}, format="json")

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "version"


def test_it_starts_a_manual_run_of_the_deployed_version(
    api: APIClient, user: User, document: dict[str, Any]
) -> None:
    workflow = services.create_workflow("Manual", document=document, user=user)
    services.deploy(workflow.versions.get(), user)

    response = api.post(
        f"/api/v1/workflows/{workflow.pk}/run",
        {"payload": {"order": {"reference": "ABC"}}},
        format="json",
    )

    assert response.status_code == 202
    run = Run.objects.get(pk=response.json()["runId"])
    assert (run.mode, run.status, run.business_key) == ("manual", "queued", "ABC")


def test_it_refuses_a_manual_run_of_an_undeployed_workflow(
    api: APIClient, user: User, document: dict[str, Any]
) -> None:
    workflow = services.create_workflow("Draft only", document=document, user=user)

    response = api.post(f"/api/v1/workflows/{workflow.pk}/run", {"payload": {}}, format="json")

    assert response.status_code == 409
    assert not Run.objects.exists()
