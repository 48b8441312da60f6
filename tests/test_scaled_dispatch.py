"""Scaled mode for real: PostgreSQL, Redis and two Celery worker processes.

Collected only when DATABASE_URL and REDIS_URL are set (see conftest). The workers get their own
queue, so Celery workers of anything else sharing the broker cannot take these runs.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from backend.asgi import application
from backend.celery import app as celery_app
from backend.ingress.models import InboundEvent
from backend.runs.models import Run, RunStatus, Step
from tests.conftest import WorkflowFactory, wait_for

pytestmark = [pytest.mark.scaled, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(scope="module")
def workers(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Two Celery worker processes on the test database, listening on a queue of their own."""
    queue = f"ferry-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "FERRY_DATA_DIR": str(settings.DATA_DIR),
        "PYTHONPATH": str(ROOT),
    }
    celery = str(Path(sys.executable).parent / "celery")
    processes = [
        subprocess.Popen(
            [celery, "-A", "backend", "worker", "--pool=threads", "--concurrency=2"]
            + ["-Q", queue, "-n", f"{queue}-{number}@%h", "-l", "warning"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
        )
        for number in (1, 2)
    ]
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = previous
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    with django_db_blocker.unblock():
        # PostgreSQL ends a gone client's session a moment later; the test database can only
        # be dropped once it has.
        wait_for(lambda: _other_sessions(database["NAME"]) == 0, seconds=10)


def _other_sessions(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def post(client: Client, token: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(f"/hooks/{token}", body, content_type="application/json", headers=headers)


def test_it_runs_every_accepted_webhook_exactly_once_on_celery_workers(
    client: Client, make_workflow: WorkflowFactory, workers: str
) -> None:
    token = make_workflow().hook_token
    run_ids = []
    for number in range(20):
        response = post(client, token, {"reference": f"R{number}", "lines": [{"price": 1}]})
        assert response.status_code == 202
        run_ids.append(response.json()["runId"])

    finished = wait_for(
        lambda: Run.objects.filter(status=RunStatus.SUCCEEDED).count() == 20, seconds=60
    )

    assert finished, list(Run.objects.values_list("status", flat=True))
    for run_id in run_ids:
        steps = Step.objects.filter(run_id=run_id).values_list("node_id", "attempt", "status")
        assert sorted(steps) == [("hook", 1, "succeeded"), ("map", 1, "succeeded")]


def test_it_keeps_one_event_and_one_run_when_duplicates_race(
    make_workflow: WorkflowFactory,
) -> None:
    token = make_workflow().hook_token
    senders = 8
    start = threading.Barrier(senders)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        start.wait()
        response = post(Client(), token, {"reference": "same"}, **{"Idempotency-Key": "evt-1"})
        answers.append((response.status_code, response.json()["runId"]))
        connection.close()

    with mock.patch("backend.runs.doorbell.ring"):
        threads = [threading.Thread(target=send) for _ in range(senders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(status for status, _ in answers) == [200] * (senders - 1) + [202]
    assert len({run_id for _, run_id in answers}) == 1
    assert (InboundEvent.objects.count(), Run.objects.count()) == (1, 1)


def close_this_threads_connection() -> None:
    connection.close()


def deliver(token: str) -> int:
    try:
        return int(post(Client(), token, {"reference": "WS1", "lines": []}).status_code)
    finally:
        connection.close()


def test_it_relays_a_workers_events_to_a_socket_in_this_process(
    client: Client, make_workflow: WorkflowFactory, workers: str, user: User
) -> None:
    workflow = make_workflow()
    client.force_login(user)
    cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
    path = f"/ws/workflows/{workflow.pk}/"

    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator(application, path, headers=[ORIGIN, cookie])
        assert (await socket.connect())[0]
        status = await asyncio.to_thread(deliver, workflow.hook_token)
        assert status == 202
        received = [await socket.receive_json_from(timeout=30)]
        while received[-1]["type"] != "run.finished":
            received.append(await socket.receive_json_from(timeout=10))
        await socket.disconnect()
        # The session lookup ran on asgiref's thread; its connection must not outlive the test.
        await sync_to_async(close_this_threads_connection)()
        return received

    received = asyncio.run(scenario())

    assert received[0]["type"] == "run.started"
    assert received[-1]["status"] == "succeeded"
    assert {event["workflowId"] for event in received} == {str(workflow.pk)}
