"""What runs get from the backend: sub-workflow calls, node state, connection secrets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from backend.connections.models import Connection
from backend.designer.models import Workflow
from backend.runs.execution import execute_run, run_child
from backend.runs.models import Run, RunMode, RunStatus
from backend.runs.services import DbKeyValueStore, DbRunServices
from tests.conftest import WorkflowFactory, hook_document
from workflows.sdk import NodeError

pytestmark = pytest.mark.django_db

ORDER = {"reference": "XKBKNABJK", "lines": [{"price": 10}, {"price": 5.5}]}


def caller_of(workflow_id: str) -> dict[str, Any]:
    document = hook_document()
    document["nodes"][1] = {
        "id": "call",
        "type": "core.workflow.call",
        "typeVersion": 1,
        "name": "Summarise elsewhere",
        "config": {"workflowId": workflow_id, "payload": "$"},
        "position": {"x": 200, "y": 0},
    }
    document["edges"][0]["target"] = "call"
    return document


def run_webhook(client: Client, workflow: Workflow) -> Run:
    response = client.post(f"/hooks/{workflow.hook_token}", ORDER, content_type="application/json")
    run_id = response.json()["runId"]
    execute_run(run_id)
    return Run.objects.get(pk=run_id)


def test_it_runs_a_called_workflow_as_a_child_run(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    child_workflow = make_workflow(name="Summaries")
    parent_workflow = make_workflow(caller_of(str(child_workflow.pk)), name="Orders")

    parent = run_webhook(client, parent_workflow)

    assert parent.status == RunStatus.SUCCEEDED
    child = Run.objects.get(parent_run=parent)
    assert (child.workflow_id, child.mode, child.status) == (
        child_workflow.pk,
        RunMode.SUBWORKFLOW,
        RunStatus.SUCCEEDED,
    )
    call_step = parent.steps.get(node_id="call")
    assert call_step.outputs is not None
    assert call_step.outputs["main"][0]["json"] == [{"ref": "XKBKNABJK", "total": 15.5}]


def test_it_fails_a_call_to_a_workflow_that_is_not_deployed(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    draft = make_workflow(deploy=False, name="Draft")
    parent = run_webhook(client, make_workflow(caller_of(str(draft.pk))))

    assert parent.status == RunStatus.FAILED
    assert parent.error is not None
    assert parent.error["code"] == "workflow.not_deployed"


def test_it_refuses_calls_nested_too_deep(make_workflow: WorkflowFactory) -> None:
    workflow = make_workflow()
    version = workflow.versions.get()
    run = None
    for _ in range(9):
        run = Run.objects.create(workflow=workflow, version=version, parent_run=run)
    assert run is not None

    with pytest.raises(NodeError) as refused:
        run_child(str(workflow.pk), ORDER, str(run.pk))

    assert refused.value.code == "workflow.call_too_deep"


def test_it_keeps_node_state_per_workflow_and_node(make_workflow: WorkflowFactory) -> None:
    workflow = make_workflow()
    cursor = DbKeyValueStore(str(workflow.pk), "poll")
    cursor.set("since", "2026-03-01T00:00:00Z")
    cursor.set("since", "2026-03-02T00:00:00Z")

    again = DbKeyValueStore(str(workflow.pk), "poll")
    other_node = DbKeyValueStore(str(workflow.pk), "other")

    assert again.get("since") == "2026-03-02T00:00:00Z"
    assert other_node.get("since", "never") == "never"


def test_it_hands_out_a_connections_fields_with_secrets_in_clear() -> None:
    connection = Connection(name="Shop", credential_type="core.http.bearer", fields={"a": 1})
    connection.set_secrets({"token": "s3cret"})
    connection.save()
    services = DbRunServices(run_child)

    assert services.credentials(str(connection.pk)) == (
        "core.http.bearer",
        {"a": 1, "token": "s3cret"},
    )
    with pytest.raises(NodeError) as missing:
        services.credentials("6b1f4f5e-0000-4000-8000-000000000000")
    assert (missing.value.code, missing.value.field) == ("connection.not_found", "connection")
    # An id that is not even a UUID (a hand-edited workflow file) is not found either.
    with pytest.raises(NodeError) as malformed:
        services.credentials("shop-connection")
    assert malformed.value.code == "connection.not_found"


def test_a_run_reads_each_connection_once_and_steps_cannot_change_it_for_others(
    django_assert_num_queries: Any,
) -> None:
    connection = Connection(name="Shop", credential_type="core.http.bearer", fields={"a": 1})
    connection.set_secrets({"token": "s3cret"})
    connection.save()
    services = DbRunServices(run_child)

    with django_assert_num_queries(1):
        first = services.credentials(str(connection.pk))
        first[1]["token"] = "changed by a node"
        again = services.credentials(str(connection.pk))

    assert again == ("core.http.bearer", {"a": 1, "token": "s3cret"})
    assert DbRunServices(run_child).credentials(str(connection.pk))[1]["token"] == "s3cret"
