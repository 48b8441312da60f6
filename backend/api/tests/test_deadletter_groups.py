"""Dead letters grouped by cause, actions on a whole group, and runs filtered by error class."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.models import Workflow
from backend.durability.deadletters import park
from backend.durability.models import AuditEntry, DeadLetter
from backend.runs.models import Run, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(user: User, document: dict[str, Any]) -> Workflow:
    return services.create_workflow("Orders", document=document, user=user)


def failed_run(workflow: Workflow, code: str, field: str | None, key: str = "") -> Run:
    error = {"code": code, "message": f"{code} on {field}", "nodeId": "map", "field": field}
    error["errorClass"] = "validation"
    run = Run.objects.create(
        workflow=workflow,
        version=workflow.versions.get(),
        status=RunStatus.FAILED,
        business_key=key,
        error=error,
    )
    park(run, error)
    return run


def test_it_groups_open_letters_by_node_code_and_field(api: APIClient, workflow: Workflow) -> None:
    for _ in range(3):
        failed_run(workflow, "m3.item_missing", "lines[0].sku")
    failed_run(workflow, "m3.item_missing", "customer")
    failed_run(workflow, "http.status_500", None)

    response = api.get("/api/v1/dead-letters/groups")

    assert response.status_code == 200
    groups = response.json()
    found = [(g["code"], g["field"], g["count"]) for g in groups]
    assert found[0] == ("m3.item_missing", "lines[0].sku", 3)
    assert sorted(found[1:]) == [("http.status_500", "", 1), ("m3.item_missing", "customer", 1)]
    first = groups[0]
    assert first["workflowName"] == "Orders"
    assert first["nodeId"] == "map"
    assert first["firstSeen"] <= first["lastSeen"]
    assert DeadLetter.objects.get(pk=first["sampleId"]).code == "m3.item_missing"


def test_it_retries_only_the_group_it_names(api: APIClient, workflow: Workflow) -> None:
    runs = [failed_run(workflow, "m3.item_missing", "lines[0].sku") for _ in range(2)]
    other = failed_run(workflow, "m3.item_missing", None)

    response = api.post(
        "/api/v1/dead-letters/groups/retry",
        {"workflow": str(workflow.pk), "nodeId": "map", "code": "m3.item_missing",
         "field": "lines[0].sku", "reason": "item created"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert set(response.json()["runIds"]) == {str(r.pk) for r in runs}
    assert Run.objects.get(pk=other.pk).status == RunStatus.FAILED
    assert DeadLetter.objects.get(run=other).status == "open"


def test_it_retries_the_group_without_a_field(api: APIClient, workflow: Workflow) -> None:
    failed_run(workflow, "http.status_500", "sku")
    plain = failed_run(workflow, "http.status_500", None)

    response = api.post(
        "/api/v1/dead-letters/groups/retry",
        {"workflow": str(workflow.pk), "nodeId": "map", "code": "http.status_500", "field": ""},
        format="json",
    )

    assert response.json()["runIds"] == [str(plain.pk)]


def test_it_discards_a_group_with_the_reason_in_the_audit(
    api: APIClient, workflow: Workflow
) -> None:
    runs = [failed_run(workflow, "m3.item_missing", "sku") for _ in range(2)]
    body = {"workflow": str(workflow.pk), "nodeId": "map", "code": "m3.item_missing",
            "field": "sku", "reason": "test orders"}  # fmt: skip

    response = api.post("/api/v1/dead-letters/groups/discard", body, format="json")

    assert response.json()["count"] == 2
    assert set(DeadLetter.objects.values_list("status", flat=True)) == {"discarded"}
    entries = AuditEntry.objects.filter(action="discarded", run__in=runs)
    assert [e.reason for e in entries] == ["test orders", "test orders"]
    assert api.get("/api/v1/dead-letters/groups").json() == []


def test_it_refuses_a_discard_without_a_reason(api: APIClient, workflow: Workflow) -> None:
    failed_run(workflow, "m3.item_missing", "sku")
    body = {"workflow": str(workflow.pk), "nodeId": "map", "code": "m3.item_missing"}

    response = api.post("/api/v1/dead-letters/groups/discard", body, format="json")

    assert response.status_code == 400
    assert "reason" in str(response.json())
    assert DeadLetter.objects.get().status == "open"


def test_it_filters_runs_by_error_class(api: APIClient, workflow: Workflow) -> None:
    wanted = failed_run(workflow, "m3.item_missing", "sku")
    Run.objects.create(
        workflow=workflow,
        version=workflow.versions.get(),
        status=RunStatus.FAILED,
        error={"code": "http.timeout", "errorClass": "timeout"},
    )

    response = api.get("/api/v1/runs/?errorClass=validation")

    assert [r["id"] for r in response.json()["results"]] == [str(wanted.pk)]
