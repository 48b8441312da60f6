"""Webhook ingress: what is stored, what is answered, and when the doorbell rings."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from backend.ingress.models import InboundEvent
from backend.runs.models import Run, RunStatus
from tests.conftest import WorkflowFactory

pytestmark = pytest.mark.django_db

ORDER = {"reference": "XKBKNABJK", "lines": [{"price": 10}, {"price": 5.5}]}


def post(client: Client, token: str, body: Any, **headers: str) -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(f"/hooks/{token}", data, content_type="application/json", headers=headers)


def test_it_stores_the_event_and_a_queued_run_and_answers_202(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow()

    response = post(client, workflow.hook_token, ORDER, **{"Idempotency-Key": "order-1"})

    assert response.status_code == 202
    run = Run.objects.get(pk=response.json()["runId"])
    assert (run.status, run.mode, run.trigger_node_id) == (RunStatus.QUEUED, "webhook", "hook")
    assert run.input == ORDER
    assert run.business_key == "XKBKNABJK"
    event = InboundEvent.objects.get(run=run)
    assert (event.source, event.idempotency_key) == (f"hook:{workflow.hook_token}", "order-1")
    assert event.payload == ORDER
    assert event.headers["Idempotency-Key"] == "order-1"


def test_it_answers_a_repeated_event_with_the_first_run(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow()
    first = post(client, workflow.hook_token, ORDER, **{"X-Ferry-Event-Id": "evt-7"})

    again = post(client, workflow.hook_token, {"changed": True}, **{"X-Ferry-Event-Id": "evt-7"})

    assert again.status_code == 200
    assert again.json() == {"runId": first.json()["runId"], "duplicate": True}
    # The losing transaction took its run with it: one event, one run.
    assert (Run.objects.count(), InboundEvent.objects.count()) == (1, 1)


def test_it_keys_events_without_a_key_header_by_their_body(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow()

    first = post(client, workflow.hook_token, ORDER)
    same = post(client, workflow.hook_token, ORDER)
    other = post(client, workflow.hook_token, {**ORDER, "reference": "OTHER"})

    assert (first.status_code, same.status_code, other.status_code) == (202, 200, 202)
    assert same.json()["runId"] == first.json()["runId"]


def test_it_rings_the_doorbell_only_after_the_commit(
    client: Client, make_workflow: WorkflowFactory, django_capture_on_commit_callbacks: Any
) -> None:
    workflow = make_workflow()
    with mock.patch("backend.runs.doorbell.ring") as ring:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = post(client, workflow.hook_token, ORDER)
        assert not ring.called
        for callback in callbacks:
            callback()

    ring.assert_called_once_with(response.json()["runId"])


def test_it_refuses_a_body_over_the_limit_with_413(
    client: Client, make_workflow: WorkflowFactory, settings: Any
) -> None:
    settings.FERRY_WEBHOOK_MAX_BYTES = 64
    workflow = make_workflow()

    response = post(client, workflow.hook_token, {"padding": "x" * 100})

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert Run.objects.count() == 0


def test_it_refuses_malformed_json_with_400(client: Client, make_workflow: WorkflowFactory) -> None:
    workflow = make_workflow()

    response = post(client, workflow.hook_token, b'{"reference": ')

    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert "not valid JSON" in response.json()["detail"]
    assert InboundEvent.objects.count() == 0


def test_it_answers_404_for_an_unknown_token(client: Client) -> None:
    response = post(client, "no-such-token", ORDER)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_it_answers_404_for_a_workflow_never_deployed(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(deploy=False)

    assert post(client, workflow.hook_token, ORDER).status_code == 404


def test_it_answers_405_to_anything_but_post(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow()

    response = client.get(f"/hooks/{workflow.hook_token}")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_it_sees_a_deploy_at_once_despite_its_cache(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(deploy=False)
    assert post(client, workflow.hook_token, ORDER).status_code == 404

    workflow.active_version = workflow.versions.get()
    workflow.save()

    assert post(client, workflow.hook_token, ORDER).status_code == 202
