"""Replays, per-key ordering, coalescing, the database effect ledger and connection limits."""

from __future__ import annotations

import copy
from typing import Any
from unittest import mock

import httpx
import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from backend.connections.models import Connection
from backend.designer.models import WorkflowVersion
from backend.durability.ledger import DbEffectLedger
from backend.durability.limits import ConnectionGate
from backend.durability.models import AuditEntry, ConnectionLimit, Effect, Replay
from backend.runs.dispatch import start_run
from backend.runs.execution import execute_run, runnable_runs
from backend.runs.models import Run, RunStatus, Step
from tests.conftest import WorkflowFactory, hook_document, wait_for
from workflows.sdk import NodeError

ORDER = {"reference": "R1", "lines": [{"price": 10}, {"price": 5}]}


@pytest.fixture
def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post_document() -> dict[str, Any]:
    document = hook_document('{"ref": reference, "total": $sum(lines.price)}')
    document["nodes"].append(
        {
            "id": "send",
            "type": "core.http.request",
            "typeVersion": 1,
            "name": "Send",
            "config": {
                "method": "POST",
                "url": "'https://erp.test/orders'",
                "bodyMode": "jsonata",
                "body": "$",
                "idempotencyKey": "'order:' & ref",
            },
        }
    )
    document["edges"].append(
        {"id": "e2", "source": "map", "sourcePort": "main", "target": "send", "targetPort": "main"}
    )
    return document


def sink() -> tuple[httpx.Client, list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    def reply(request: httpx.Request) -> httpx.Response:
        import json

        received.append(json.loads(request.content))
        return httpx.Response(201, json={"id": len(received)})

    return httpx.Client(transport=httpx.MockTransport(reply)), received


def finished_run(make_workflow: WorkflowFactory) -> tuple[Run, list[dict[str, Any]]]:
    workflow = make_workflow(post_document())
    http, received = sink()
    run = start_run(workflow, workflow.versions.get(), mode="manual", payload=ORDER)
    with mock.patch("backend.runs.services.shared_http_client", return_value=http):
        outcome = execute_run(str(run.pk))
    assert outcome is not None
    assert outcome.status == "succeeded"
    return run, received


@pytest.mark.django_db
def test_it_records_each_effect_once_in_the_ledger(make_workflow: WorkflowFactory) -> None:
    run, received = finished_run(make_workflow)
    effect = Effect.objects.get()
    assert (effect.status, effect.run_id, (effect.outcome or {})["status"]) == ("done", run.pk, 201)
    assert effect.key.endswith(":send:order:R1")
    assert received == [{"ref": "R1", "total": 15}]


@pytest.mark.django_db
def test_it_replays_from_a_step_without_repeating_the_effect(
    api: APIClient, make_workflow: WorkflowFactory
) -> None:
    source, received = finished_run(make_workflow)

    with mock.patch("backend.runs.doorbell.ring"):
        response = api.post(
            f"/api/v1/runs/{source.pk}/replay", {"fromNode": "send", "reason": "check"}
        )
    assert response.status_code == 202, response.json()
    replay_id = response.json()["runId"]
    http, again = sink()
    with mock.patch("backend.runs.services.shared_http_client", return_value=http):
        outcome = execute_run(replay_id)

    assert outcome is not None
    assert outcome.status == "succeeded"
    assert again == []  # the ledger had it done
    steps = Step.objects.filter(run_id=replay_id).order_by("id")
    assert [s.node_id for s in steps] == ["hook", "map", "send"]
    row = Replay.objects.get(run_id=replay_id)
    assert (row.source_id, row.from_node, row.version_choice) == (source.pk, "send", "original")
    assert AuditEntry.objects.get(run=source).details["replayRunId"] == replay_id
    assert received == [{"ref": "R1", "total": 15}]


@pytest.mark.django_db
def test_it_repeats_an_effect_on_replay_only_when_forced(
    api: APIClient, make_workflow: WorkflowFactory
) -> None:
    source, _ = finished_run(make_workflow)
    with mock.patch("backend.runs.doorbell.ring"):
        body = {"forceNewEffects": True, "version": "active"}
        replay_id = api.post(f"/api/v1/runs/{source.pk}/replay", body).json()["runId"]
    http, again = sink()
    with mock.patch("backend.runs.services.shared_http_client", return_value=http):
        execute_run(replay_id)
        Run.objects.filter(pk=replay_id).update(status=RunStatus.QUEUED)
        Step.objects.filter(run_id=replay_id, node_id="send").delete()
        execute_run(replay_id)  # a crash that lost the send step: still once
    assert again == [{"ref": "R1", "total": 15}]
    assert Effect.objects.count() == 2


@pytest.mark.django_db
def test_it_dry_runs_a_replay_up_to_the_first_side_effect(
    api: APIClient, make_workflow: WorkflowFactory
) -> None:
    source, _ = finished_run(make_workflow)
    response = api.post(f"/api/v1/runs/{source.pk}/replay", {"dryRun": True})
    body = response.json()
    assert response.status_code == 200, body
    assert body["output"]["stoppedAt"] == "send"
    assert body["output"]["wouldSend"] == [
        {"method": "POST", "url": "https://erp.test/orders", "body": {"ref": "R1", "total": 15}}
    ]
    assert [s["nodeId"] for s in body["steps"]] == ["hook", "map", "send"]
    assert Run.objects.get(pk=body["runId"]).mode == "test"


@pytest.mark.django_db
def test_it_replays_on_the_active_version_and_says_which(
    api: APIClient, make_workflow: WorkflowFactory
) -> None:
    source, _ = finished_run(make_workflow)
    workflow = source.workflow
    changed = copy.deepcopy(post_document())
    changed["nodes"][1]["config"]["expression"] = '{"ref": reference, "total": 0}'
    newer = WorkflowVersion.objects.create(workflow=workflow, number=2, document=changed)
    workflow.active_version = newer
    workflow.save()

    body = api.post(
        f"/api/v1/runs/{source.pk}/replay", {"dryRun": True, "version": "active"}
    ).json()

    assert body["versionNumber"] == 2
    assert body["output"]["wouldSend"][0]["body"] == {"ref": "R1", "total": 0}
    missing = api.post(f"/api/v1/runs/{source.pk}/replay", {"fromNode": "nope"})
    assert missing.status_code == 409


@pytest.mark.django_db
def test_it_runs_one_run_per_business_key_at_a_time_in_arrival_order(
    make_workflow: WorkflowFactory,
) -> None:
    workflow = make_workflow(hook_document('{"ref": reference}'))
    version = workflow.versions.get()
    first = start_run(workflow, version, mode="manual", payload=ORDER)
    second = start_run(workflow, version, mode="manual", payload=ORDER)
    other = start_run(workflow, version, mode="manual", payload={**ORDER, "reference": "R2"})

    claimable = {str(i) for i in runnable_runs().values_list("id", flat=True)}
    assert claimable == {str(first.pk), str(other.pk)}
    assert execute_run(str(second.pk)) is None

    with mock.patch("backend.runs.doorbell.ring") as ring:
        execute_run(str(first.pk))
    ring.assert_called_once_with(str(second.pk))
    assert execute_run(str(second.pk)) is not None


@pytest.mark.django_db
def test_it_coalesces_queued_runs_of_a_key_into_the_newest(make_workflow: WorkflowFactory) -> None:
    document = hook_document('{"ref": reference, "q": quantity}')
    document["settings"]["coalesce"] = "latest"
    workflow = make_workflow(document)
    version = workflow.versions.get()
    runs = [
        start_run(workflow, version, mode="manual", payload={"reference": "SKU1", "quantity": n})
        for n in (5, 4, 3)
    ]

    with mock.patch("backend.runs.doorbell.ring") as ring:
        assert execute_run(str(runs[0].pk)) is None
    ring.assert_called_once_with(str(runs[2].pk))
    assert Run.objects.get(pk=runs[0].pk).status == RunStatus.SUPERSEDED
    assert (Run.objects.get(pk=runs[0].pk).error or {})["supersededBy"] == str(runs[2].pk)
    assert execute_run(str(runs[1].pk)) is None  # still waits: the superseded one is older
    Run.objects.filter(pk=runs[1].pk).update(status=RunStatus.SUPERSEDED)
    outcome = execute_run(str(runs[2].pk))
    assert outcome is not None
    assert outcome.output == [{"ref": "SKU1", "q": 3}]


@pytest.mark.django_db
def test_it_keeps_a_pending_effect_pending_until_reconciled() -> None:
    ledger = DbEffectLedger()
    assert ledger.begin("k", "create", {"a": 1}) is None
    with pytest.raises(NodeError) as caught:
        ledger.begin("k", "create", {"a": 1})
    assert caught.value.code == "effect.uncertain"
    ledger.fail("k", {"code": "http.status_503"})
    assert ledger.begin("k", "create", {"a": 1}) is None
    ledger.complete("k", {"id": 7})
    assert ledger.begin("k", "create", {"a": 1}) == {"id": 7}
    assert DbEffectLedger(namespace="replay-x").status("k") is None


@pytest.mark.django_db
def test_it_limits_calls_in_flight_and_per_second_per_connection(settings: Any) -> None:
    settings.REDIS_URL = ""
    connection = Connection.objects.create(name="ERP", credential_type="core.http.bearer")
    ConnectionLimit.objects.create(connection=connection, max_in_flight=1, calls_per_second=2)
    gate = ConnectionGate()
    cid = str(connection.pk)

    assert gate.enter(cid) is None
    busy = gate.enter(cid)
    assert busy is not None
    assert busy > 0
    gate.leave(cid)
    assert gate.enter(cid) is None  # the second token of the burst
    gate.leave(cid)
    wait = gate.enter(cid)
    assert wait is not None
    assert 0 < wait <= 0.5


@pytest.mark.django_db
def test_it_holds_calls_through_a_paused_connection() -> None:
    connection = Connection.objects.create(name="Shop", credential_type="core.http.bearer")
    gate = ConnectionGate()
    assert gate.enter(str(connection.pk)) is None
    gate.leave(str(connection.pk))
    Connection.objects.filter(pk=connection.pk).update(paused=True)
    gate.forget()
    assert gate.enter(str(connection.pk)) == 30.0


@pytest.mark.django_db
def test_it_sets_connection_limits_through_the_api(api: APIClient) -> None:
    connection = Connection.objects.create(name="Infor", credential_type="infor.ionapi")
    url = f"/api/v1/connections/{connection.pk}/limits"

    assert api.get(url).json() == {"maxInFlight": None, "callsPerSecond": None}
    response = api.put(url, {"maxInFlight": 4, "callsPerSecond": 10}, format="json")
    assert response.json() == {"maxInFlight": 4, "callsPerSecond": 10.0}
    limit = ConnectionLimit.objects.get(connection=connection)
    assert (limit.max_in_flight, limit.calls_per_second) == (4, 10.0)
    bad = api.put(url, {"maxInFlight": 0}, format="json")
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["field"] == "maxInFlight"


@pytest.mark.django_db
def test_it_wakes_the_runs_a_paused_connection_held_when_it_resumes(
    make_workflow: WorkflowFactory, django_capture_on_commit_callbacks: Any
) -> None:
    from backend.monitoring.connection_health import set_paused

    connection = Connection.objects.create(name="Shop", credential_type="core.http.bearer")
    document = hook_document()
    document["nodes"][1] = {
        "id": "fetch",
        "type": "core.http.request",
        "typeVersion": 1,
        "config": {"url": "'https://shop.test/stock'"},
        "connection": str(connection.pk),
    }
    document["edges"][0]["target"] = "fetch"
    workflow = make_workflow(document)
    set_paused(connection, True)
    run = start_run(workflow, workflow.versions.get(), mode="manual", payload=ORDER)
    with mock.patch("backend.runs.doorbell.ring_at"):
        outcome = execute_run(str(run.pk))
    assert outcome is not None
    assert outcome.status == "waiting", outcome.error
    assert Run.objects.get(pk=run.pk).status == RunStatus.RETRY_WAIT

    with (
        mock.patch("backend.runs.doorbell.ring") as ring,
        django_capture_on_commit_callbacks(execute=True),
    ):
        set_paused(connection, False)

    ring.assert_called_once_with(str(run.pk))
    due = Run.objects.get(pk=run.pk).due_at
    assert due is not None
    assert due <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_it_rings_a_waiting_run_at_its_due_time_without_the_sweep(
    make_workflow: WorkflowFactory, settings: Any, embedded: Any
) -> None:
    settings.FERRY_SWEEP_SECONDS = 3600  # only the retry's own timer can wake the run
    document = hook_document()
    document["nodes"][1] = {
        "id": "fetch",
        "type": "core.http.request",
        "typeVersion": 1,
        "config": {"url": "'https://shop.test/stock'"},
        "retry": {"initialInterval": 0.3, "jitter": 0},
    }
    document["edges"][0]["target"] = "fetch"
    workflow = make_workflow(document)
    replies = iter([503, 200])
    http = httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(next(replies), json={}))
    )

    with mock.patch("backend.runs.services.shared_http_client", return_value=http):
        run = start_run(workflow, workflow.versions.get(), mode="manual", payload=ORDER)
        assert wait_for(lambda: Run.objects.get(pk=run.pk).status == RunStatus.SUCCEEDED, 30)

    attempts = Step.objects.filter(run=run, node_id="fetch").values_list("attempt", "status")
    assert list(attempts) == [(1, "retry_wait"), (2, "succeeded")]
