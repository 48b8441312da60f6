"""Dispatch: every accepted event ends as a finished run, whatever happened to the workers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

import httpx
import pytest
from celery import signals
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.insights.keys import run_keys
from backend.insights.models import RunKey
from backend.runs.dispatch import start_run
from backend.runs.doorbell import RUNS_PER_MESSAGE, batches
from backend.runs.execution import execute_run, execute_run_now
from backend.runs.leases import renewer
from backend.runs.models import Run, RunStatus, Step
from backend.runs.store import DbRunStore
from backend.runs.sweep import stranded_run_ids
from backend.runs.tasks import execute_run_task, execute_runs_task
from tests.conftest import WorkflowFactory, http_document, wait_for

ORDER = {"reference": "XKBKNABJK", "lines": [{"price": 10}, {"price": 5.5}]}


def accept(client: Client, token: str, body: Any = ORDER) -> str:
    response = client.post(f"/hooks/{token}", body, content_type="application/json")
    assert response.status_code == 202
    return str(response.json()["runId"])


def answering(*statuses: int) -> httpx.Client:
    """An HTTP client whose calls answer the given statuses in turn."""
    replies = iter(statuses)

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(replies), json={"sku": "A1", "quantity": 4})

    return httpx.Client(transport=httpx.MockTransport(reply))


@pytest.mark.django_db
def test_it_executes_an_accepted_webhook_to_success(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow().hook_token)

    outcome = execute_run(run_id)

    assert outcome is not None
    assert outcome.status == "succeeded"
    assert outcome.output == [{"ref": "XKBKNABJK", "total": 15.5}]
    run = Run.objects.get(pk=run_id)
    assert run.status == RunStatus.SUCCEEDED
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.lease_owner == ""
    assert [(s.node_id, s.status) for s in run.steps.all()] == [
        ("hook", "succeeded"),
        ("map", "succeeded"),
    ]


@pytest.mark.django_db
def test_it_claims_a_run_only_once(client: Client, make_workflow: WorkflowFactory) -> None:
    run_id = accept(client, make_workflow().hook_token)
    assert execute_run(run_id) is not None

    assert execute_run(run_id) is None
    assert Step.objects.filter(run_id=run_id).count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_loses_nothing_accepted_while_no_worker_runs(
    client: Client, make_workflow: WorkflowFactory, embedded: Any
) -> None:
    embedded.stop()
    token = make_workflow().hook_token
    run_ids = [accept(client, token, {**ORDER, "reference": f"R{n}"}) for n in range(3)]
    assert set(Run.objects.values_list("status", flat=True)) == {RunStatus.QUEUED}

    # Their doorbells rang into nothing; once a worker is back the sweep finds them.
    Run.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    embedded.start(workers=2)

    assert wait_for(lambda: Run.objects.filter(status=RunStatus.SUCCEEDED).count() == 3)
    assert sorted(Run.objects.values_list("business_key", flat=True)) == ["R0", "R1", "R2"]
    assert {str(i) for i in Run.objects.values_list("id", flat=True)} == set(run_ids)


@pytest.mark.django_db(transaction=True)
def test_it_executes_a_run_as_soon_as_the_doorbell_rings(
    client: Client, make_workflow: WorkflowFactory, embedded: Any
) -> None:
    run_id = accept(client, make_workflow().hook_token)

    assert wait_for(lambda: Run.objects.get(pk=run_id).status == RunStatus.SUCCEEDED)


@pytest.mark.django_db
def test_it_resumes_a_run_whose_worker_died_without_redoing_finished_steps(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow().hook_token)
    store = DbRunStore()
    hook_step = store.start_step(run_id, "hook", 1, {"main": [{"json": ORDER}]})
    store.finish_step(hook_step, "succeeded", {"main": [{"json": ORDER}]}, None)
    store.start_step(run_id, "map", 1, {"main": [{"json": ORDER}]})  # died during this one
    expired = timezone.now() - timedelta(seconds=1)
    Run.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, lease_owner="dead-host:1:abc", lease_expires_at=expired
    )

    assert run_id in stranded_run_ids()
    assert Run.objects.get(pk=run_id).status == RunStatus.QUEUED
    outcome = execute_run(run_id)

    assert outcome is not None
    assert outcome.status == "succeeded"
    steps = list(Step.objects.filter(run_id=run_id).values_list("node_id", "attempt", "status"))
    assert steps == [("hook", 1, "succeeded"), ("map", 1, "running"), ("map", 2, "succeeded")]


@pytest.mark.django_db
def test_it_leaves_a_run_with_a_live_lease_alone(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow().hook_token)
    alive = timezone.now() + timedelta(seconds=30)
    Run.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, lease_owner="busy-host:1:abc", lease_expires_at=alive
    )

    assert run_id not in stranded_run_ids()
    assert execute_run(run_id) is None


@pytest.mark.django_db
def test_it_waits_for_a_retry_and_runs_again_when_it_is_due(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow(http_document()).hook_token)

    with (
        mock.patch("backend.runs.services.shared_http_client", return_value=answering(503, 200)),
        mock.patch("backend.runs.doorbell.ring_at") as ring_at,
    ):
        first = execute_run(run_id)
        run = Run.objects.get(pk=run_id)
        assert first is not None
        assert first.status == "waiting"
        assert run.status == RunStatus.RETRY_WAIT
        assert run.due_at is not None
        assert run.due_at > timezone.now() + timedelta(seconds=20)
        ring_at.assert_called_once_with(run_id, run.due_at)
        assert execute_run(run_id) is None  # not due yet

        Run.objects.filter(pk=run_id).update(due_at=timezone.now() - timedelta(seconds=1))
        assert run_id in stranded_run_ids()
        second = execute_run(run_id)

    assert second is not None
    assert second.status == "succeeded"
    attempts = Step.objects.filter(run_id=run_id, node_id="fetch").values_list("attempt", "status")
    assert list(attempts) == [(1, "retry_wait"), (2, "succeeded")]


@pytest.mark.django_db
def test_it_holds_the_runs_of_a_paused_workflow_until_it_resumes(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow()
    workflow.paused = True
    workflow.save()
    run_id = accept(client, workflow.hook_token)
    Run.objects.update(created_at=timezone.now() - timedelta(minutes=1))

    assert execute_run(run_id) is None
    assert stranded_run_ids() == []
    assert Run.objects.get(pk=run_id).status == RunStatus.QUEUED

    workflow.paused = False
    workflow.save()

    assert stranded_run_ids() == [run_id]
    assert execute_run(run_id) is not None


@pytest.mark.django_db
def test_it_fails_a_run_whose_node_fails_for_good(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow(http_document()).hook_token)

    with mock.patch("backend.runs.services.shared_http_client", return_value=answering(404)):
        outcome = execute_run(run_id)

    assert outcome is not None
    assert outcome.status == "failed"
    run = Run.objects.get(pk=run_id)
    assert run.status == RunStatus.FAILED
    assert run.error is not None
    assert (run.error["code"], run.error["nodeId"]) == ("http.status_404", "fetch")


@pytest.mark.django_db
def test_it_executes_a_test_run_now_and_never_through_the_dispatcher(
    make_workflow: WorkflowFactory,
) -> None:
    workflow = make_workflow()
    version = workflow.versions.get()
    with mock.patch("backend.runs.doorbell.ring") as ring:
        run = start_run(workflow, version, mode="test", payload=ORDER)
    assert not ring.called
    assert execute_run(str(run.pk)) is None

    outcome = execute_run_now(run, stop_after="hook")

    assert outcome.status == "succeeded"
    assert outcome.output == [ORDER]
    assert Run.objects.get(pk=run.pk).status == RunStatus.SUCCEEDED


@pytest.mark.django_db
def test_it_gives_a_run_the_business_key_of_its_document(make_workflow: WorkflowFactory) -> None:
    workflow = make_workflow()
    version = workflow.versions.get()

    keyed = start_run(workflow, version, mode="manual", payload=ORDER)
    unkeyed = start_run(workflow, version, mode="manual", payload={"no": "reference"})
    given = start_run(workflow, version, mode="manual", payload=ORDER, business_key="SKU-1")

    assert (keyed.business_key, unkeyed.business_key, given.business_key) == (
        "XKBKNABJK",
        "",
        "SKU-1",
    )


@pytest.mark.django_db
def test_it_renews_the_leases_of_runs_in_progress(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow().hook_token)
    soon = timezone.now() + timedelta(seconds=1)
    Run.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, lease_owner="me", lease_expires_at=soon
    )

    with renewer.hold(run_id, "me"):
        assert renewer.renew_now() == 1

    renewed = Run.objects.get(pk=run_id).lease_expires_at
    assert renewed is not None
    assert renewed > soon + timedelta(seconds=10)


@pytest.mark.django_db
def test_it_writes_a_steps_end_together_with_the_next_write_of_the_run(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id, store = _hook_finished(accept(client, make_workflow().hook_token))
    held = _statuses(run_id)
    map_step = store.start_step(run_id, "map", 1, {"main": [{"json": ORDER}]})
    started = _statuses(run_id)
    store.finish_step(map_step, "failed", None, {"code": "map.failed"})
    with pytest.raises(RuntimeError), transaction.atomic():
        store.written_with(lambda: _raise(RuntimeError("the run's end could not be stored")))
    unwritten = _statuses(run_id)
    store.written_with(lambda: None)

    assert held == [("hook", "running")]
    assert started == [("hook", "succeeded"), ("map", "running")]
    assert unwritten == [("hook", "succeeded"), ("map", "running")]
    assert _statuses(run_id) == [("hook", "succeeded"), ("map", "failed")]
    assert [(r.node_id, r.status) for r in store.records] == _statuses(run_id)


@pytest.mark.django_db
def test_a_deferred_step_is_written_once_with_the_runs_next_write(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id, store = _hook_finished(accept(client, make_workflow().hook_token))
    provisional = store.start_step(run_id, "map", 1, {"main": [{"json": ORDER}]}, deferred=True)
    while_running = _statuses(run_id)
    stored = store.finish_step(provisional, "succeeded", {"main": [{"json": {"n": 1}}]}, None)
    held = _statuses(run_id)
    with CaptureQueriesContext(connection) as queries:
        send_step = store.start_step(run_id, "send", 1, {"main": [{"json": {"n": 1}}]})

    assert while_running == [("hook", "running")]  # nothing written for the map yet
    assert stored is None  # held: written with the run's next write
    assert held == [("hook", "running")]
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().startswith("INSERT")]
    assert len(inserts) == 1  # the map's row and the send's start: one statement
    assert _statuses(run_id) == [("hook", "succeeded"), ("map", "succeeded"), ("send", "running")]
    step = Step.objects.get(run_id=run_id, node_id="map")
    assert send_step == str(Step.objects.get(run_id=run_id, node_id="send").pk)
    assert step.inputs == {"main": [{"json": ORDER}]}
    assert step.outputs == {"main": [{"json": {"n": 1}}]}
    assert step.started_at is not None
    assert step.finished_at is not None
    assert step.started_at <= step.finished_at
    assert [(r.node_id, r.status) for r in store.records] == _statuses(run_id)


@pytest.mark.django_db
def test_steps_held_back_are_held_again_when_their_write_rolls_back(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    run_id = accept(client, make_workflow().hook_token)
    store = DbRunStore(combine=True)
    provisional = store.start_step(run_id, "hook", 1, {"main": [{"json": ORDER}]}, deferred=True)
    store.finish_step(provisional, "succeeded", {"main": [{"json": ORDER}]}, None)

    with pytest.raises(RuntimeError), transaction.atomic():
        store.written_with(lambda: _raise(RuntimeError("the run's end could not be stored")))
    unwritten = Step.objects.filter(run_id=run_id).count()
    store.written_with(lambda: None)

    assert unwritten == 0
    assert list(Step.objects.filter(run_id=run_id).values_list("node_id", "status")) == [
        ("hook", "succeeded")
    ]


@pytest.mark.django_db
def test_a_run_checkpoints_a_node_without_side_effects_in_one_write(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    """The trigger and the map have no side effects: both rows in one INSERT, nothing else."""
    run_id = accept(client, make_workflow().hook_token)

    with CaptureQueriesContext(connection) as queries:
        outcome = execute_run(run_id)

    assert outcome is not None
    assert outcome.status == "succeeded"
    statements = [" ".join(q["sql"].split()) for q in queries]
    inserts = [sql for sql in statements if sql.startswith("INSERT INTO runs_step")]
    updates = [sql for sql in statements if sql.startswith("UPDATE runs_step")]
    reads = [sql for sql in statements if sql.startswith("SELECT") and "runs_step" in sql]
    nodes = list(Step.objects.filter(run_id=run_id).values_list("node_id", flat=True))
    assert nodes == ["hook", "map"]
    assert len(inserts) == 1
    assert updates == []
    assert reads == []  # a run claimed for the first time has no steps to read back


def _hook_finished(run_id: str) -> tuple[str, DbRunStore]:
    """A combining store whose trigger step has started and finished (its end held back)."""
    store = DbRunStore(combine=True)
    hook_step = store.start_step(run_id, "hook", 1, {"main": [{"json": ORDER}]})
    store.finish_step(hook_step, "succeeded", {"main": [{"json": ORDER}]}, None)
    return run_id, store


def _statuses(run_id: str) -> list[tuple[str, str]]:
    """(node, status) of the run's stored steps, oldest first."""
    return list(Step.objects.filter(run_id=run_id).order_by("id").values_list("node_id", "status"))


def _raise(error: Exception) -> None:
    raise error


@pytest.mark.django_db
def test_it_records_the_keys_of_a_run_from_the_steps_it_just_wrote(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    body = {**ORDER, "customer": {"email": "Anna@Example.com"}, "lines": [{"sku": "A1"}]}
    run_id = accept(client, make_workflow().hook_token, body)

    execute_run(run_id)

    run = Run.objects.get(pk=run_id)
    recorded = set(RunKey.objects.filter(run=run).values_list("key", flat=True))
    assert recorded == run_keys(run)  # read back from the stored steps
    assert {"xkbknabjk", "anna@example.com", "a1"} <= recorded


@pytest.mark.django_db(transaction=True)
def test_a_worker_drops_a_broken_database_connection_before_its_next_task() -> None:
    connection.ensure_connection()
    connection.errors_occurred = True  # a query failed: the database went away
    with mock.patch.object(connection, "is_usable", return_value=False):
        signals.task_prerun.send(sender=execute_run_task, task_id="t", task=execute_run_task)

    assert connection.connection is None  # the next query connects afresh
    assert Run.objects.count() == 0


def test_it_rings_one_run_per_message_until_a_backlog_builds_up() -> None:
    few = [f"run-{n}" for n in range(20)]
    backlog = [f"run-{n}" for n in range(200)]

    assert batches(few) == [[run_id] for run_id in few]
    assert {len(batch) for batch in batches(backlog)} == {RUNS_PER_MESSAGE}
    assert [run_id for batch in batches(backlog) for run_id in batch] == backlog
    # Messages already waiting for the workers are a backlog too: more messages would only
    # queue behind them, so a few runs go together.
    assert batches(few, waiting=40) == [few[:8], few[8:16], few[16:]]
    assert batches(few, waiting=3) == [[run_id] for run_id in few]


def test_the_doorbell_reads_the_queue_length_from_a_redis_broker(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.runs import doorbell

    class Broker:
        def llen(self, queue: str) -> int:
            return {"celery": 42}.get(queue, 0)

    monkeypatch.setattr(doorbell, "_redis", lambda _url: Broker())
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    assert doorbell._waiting() == 42
    settings.CELERY_BROKER_URL = "amqp://guest@127.0.0.1//"
    assert doorbell._waiting() == 0


@pytest.mark.django_db(transaction=True)
def test_a_message_of_several_runs_executes_each_even_when_one_fails(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    token = make_workflow().hook_token
    run_ids = [accept(client, token, {**ORDER, "reference": f"R{n}"}) for n in range(3)]
    failing = [RuntimeError("database went away"), None, None]

    with mock.patch("backend.runs.tasks.execute_run", side_effect=failing) as execute:
        execute_runs_task(run_ids)
    calls = [call.args[0] for call in execute.call_args_list]
    execute_runs_task(run_ids)

    assert calls == run_ids
    assert {Run.objects.get(pk=run_id).status for run_id in run_ids} == {RunStatus.SUCCEEDED}


@pytest.mark.django_db
def test_on_postgresql_a_runs_checkpoints_are_prepared_statements(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are a PostgreSQL feature")
    run_id = accept(client, make_workflow().hook_token)

    outcome = execute_run(run_id)

    assert outcome is not None
    assert outcome.status == "succeeded"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith("INSERT INTO runs_step") for s in statements), statements
    assert any(s.startswith("UPDATE runs_run SET status") for s in statements), statements
