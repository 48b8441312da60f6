"""Live run events reach signed-in websockets through the channel layer (in-memory here)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from backend.asgi import application
from backend.runs.events import ChannelSink, RedisListeners, publisher
from backend.runs.execution import execute_run
from tests.conftest import WorkflowFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(autouse=True)
def _in_memory_layer(settings: Any) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def session_cookie(user: User) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


def event(run_id: str, workflow_id: str, kind: str = "run.started") -> dict[str, Any]:
    return {"type": kind, "runId": run_id, "workflowId": workflow_id, "status": "running"}


def test_it_relays_a_runs_events_to_its_socket(user: User) -> None:
    run_id, workflow_id = str(uuid.uuid4()), str(uuid.uuid4())
    cookie = session_cookie(user)

    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator(application, f"/ws/runs/{run_id}/", headers=[ORIGIN, cookie])
        connected, _ = await socket.connect()
        assert connected
        # Published from another thread, as the dispatcher's worker threads do.
        for kind in ("run.started", "step.started", "run.finished"):
            await asyncio.to_thread(ChannelSink().emit, event(run_id, workflow_id, kind))
        await asyncio.to_thread(ChannelSink().emit, event(str(uuid.uuid4()), workflow_id))
        received = [await socket.receive_json_from(timeout=2) for _ in range(3)]
        assert await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()
        return received

    received = asyncio.run(scenario())

    assert [e["type"] for e in received] == ["run.started", "step.started", "run.finished"]
    assert {e["runId"] for e in received} == {run_id}


def test_it_relays_every_run_of_a_workflow_to_the_workflow_socket(user: User) -> None:
    workflow_id = str(uuid.uuid4())
    runs = [str(uuid.uuid4()), str(uuid.uuid4())]
    cookie = session_cookie(user)

    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator(
            application, f"/ws/workflows/{workflow_id}/", headers=[ORIGIN, cookie]
        )
        assert (await socket.connect())[0]
        for run_id in runs:
            await asyncio.to_thread(ChannelSink().emit, event(run_id, workflow_id))
        received = [await socket.receive_json_from(timeout=2) for _ in runs]
        await socket.disconnect()
        return received

    assert [e["runId"] for e in asyncio.run(scenario())] == runs


def test_it_refuses_a_socket_without_a_signed_in_session() -> None:
    async def scenario() -> tuple[bool, Any]:
        socket = WebsocketCommunicator(application, f"/ws/runs/{uuid.uuid4()}/", headers=[ORIGIN])
        connected, code = await socket.connect()
        await socket.disconnect()
        return connected, code

    connected, code = asyncio.run(scenario())

    assert not connected
    assert code == 4401


def test_it_drops_events_quietly_when_the_sockets_loop_has_gone() -> None:
    gone = asyncio.new_event_loop()
    gone.close()
    publisher.attach(gone)

    with mock.patch("channels.layers.InMemoryChannelLayer.group_send") as group_send:
        ChannelSink().emit(event(str(uuid.uuid4()), str(uuid.uuid4())))

    assert not group_send.called


def test_it_streams_a_real_runs_steps_to_the_runs_socket(
    user: User, client: Client, make_workflow: WorkflowFactory
) -> None:
    token = make_workflow().hook_token
    response = client.post(
        f"/hooks/{token}", {"reference": "LIVE-1", "lines": []}, content_type="application/json"
    )
    run_id = response.json()["runId"]
    cookie = session_cookie(user)

    async def scenario() -> list[dict[str, Any]]:
        socket = WebsocketCommunicator(application, f"/ws/runs/{run_id}/", headers=[ORIGIN, cookie])
        assert (await socket.connect())[0]
        # Executed on a worker thread, as the embedded dispatcher does.
        await asyncio.to_thread(execute_run_and_close, run_id)
        received = [await socket.receive_json_from(timeout=2)]
        while received[-1]["type"] != "run.finished":
            received.append(await socket.receive_json_from(timeout=2))
        await socket.disconnect()
        return received

    received = asyncio.run(scenario())

    assert [(e["type"], e["nodeId"]) for e in received] == [
        ("run.started", None),
        ("step.started", "hook"),
        ("step.finished", "hook"),
        ("step.started", "map"),
        ("step.finished", "map"),
        ("run.finished", None),
    ]
    assert received[-1]["status"] == "succeeded"


def execute_run_and_close(run_id: str) -> None:
    try:
        execute_run(run_id)
    finally:
        connection.close()


def test_it_queues_an_event_only_for_groups_with_a_socket(user: User) -> None:
    run_id, workflow_id = str(uuid.uuid4()), str(uuid.uuid4())
    cookie = session_cookie(user)

    async def scenario() -> list[list[str]]:
        socket = WebsocketCommunicator(application, f"/ws/runs/{run_id}/", headers=[ORIGIN, cookie])
        assert (await socket.connect())[0]
        with mock.patch("backend.runs.events._Pump.put", return_value=True) as put:
            await asyncio.to_thread(ChannelSink().emit, event(run_id, workflow_id))
            await asyncio.to_thread(ChannelSink().emit, event(str(uuid.uuid4()), workflow_id))
        await socket.disconnect()
        return [call.args[0] for call in put.call_args_list]

    assert asyncio.run(scenario()) == [[f"run.{run_id}"]]


class FakeRedis:
    """Answers EXISTS and lists group keys from a set of groups with members."""

    def __init__(self, members: set[str]) -> None:
        self.members = members
        self.round_trips = 0
        self.asked: list[str] = []

    def pipeline(self, transaction: bool) -> FakeRedis:
        self.round_trips += 1
        return self

    def exists(self, key: str) -> None:
        self.asked.append(key)

    def execute(self) -> list[int]:
        asked, self.asked = self.asked, []
        return [int(key.split(":group:", 1)[1] in self.members) for key in asked]

    def scan_iter(self, match: str, count: int) -> Iterator[bytes]:
        self.round_trips += 1
        keys = [f"asgi:group:{group}" for group in self.members] + ["celery", "asgi:other"]
        prefix = match.rstrip("*")
        return iter(key.encode() for key in keys if key.startswith(prefix))


def test_it_asks_redis_who_listens_once_a_second_not_once_a_run() -> None:
    listeners = RedisListeners("redis://127.0.0.1:6379/0", "asgi")
    fake = FakeRedis({"workflow.w1"})
    listeners.client = fake  # type: ignore[assignment]

    with mock.patch("backend.runs.events.time.monotonic", return_value=100.0):
        first = listeners(["run.r1", "workflow.w1"])
        again = listeners(["run.r2", "workflow.w1"])
    fake.members.add("run.r1")
    with mock.patch("backend.runs.events.time.monotonic", return_value=101.5):
        later = listeners(["run.r1", "workflow.w1"])
        other = listeners(["run.r3", "workflow.w1"])
    with mock.patch("backend.runs.events.time.monotonic", return_value=101.6):
        # A workflow nobody asked about yet is asked at once: a dashboard opened just now.
        new_workflow = listeners(["run.r4", "workflow.w2"])

    assert (first, again) == (["workflow.w1"], ["workflow.w1"])
    assert (later, other) == (["run.r1", "workflow.w1"], ["workflow.w1"])
    assert new_workflow == []
    # Five runs: a listing of run groups and a look at the workflow per second, one more look.
    assert fake.round_trips == 5


def test_it_publishes_to_every_group_when_redis_cannot_tell() -> None:
    listeners = RedisListeners("redis://127.0.0.1:1/0", "asgi")

    assert listeners(["run.r1", "workflow.w1"]) == ["run.r1", "workflow.w1"]
