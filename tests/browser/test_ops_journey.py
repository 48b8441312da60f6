"""An operator's day in a real browser: a failure spike, the error console, a fixed run, a bulk
retry once the missing item exists in Infor, and the alert email followed by its resolution.

Starts the Infor sandbox and a recording SMTP server in this process, Ferry (``manage.py serve``
on a fresh data directory, alert evaluation on the embedded timer every 2 s), sets up through
the API an "orders into Infor" workflow, an email channel and a failure-rate rule, sends five
orders (three with an item M3 does not know), then drives ``frontend/e2e/ops-journey.mjs``.
The script prints ``CREATE_ITEM <itno>`` when it needs the item and waits for a line on stdin.
Screenshots land in ``test-results/browser/ops/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from bench.infor_faults import CUSTOMER, KNOWN_ITEM, UNKNOWN_ITEM, order_workflow
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.state import Item
from tests.browser.test_ui_smoke import (
    CHROMIUM,
    ROOT,
    SHARED_SERVICE_VARS,
    _free_port,
    _manage,
    _wait_until_up,
)

JOURNEY = ROOT / "frontend" / "e2e" / "ops-journey.mjs"
SCREENSHOTS = ROOT / "test-results" / "browser" / "ops"
BAD_ORDERS = ["WEB-BAD-1", "WEB-BAD-2", "WEB-BAD-3"]
GOOD_ORDERS = ["WEB-OK-1", "WEB-OK-2"]

pytestmark = pytest.mark.browser


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def subjects(self) -> list[str]:
        with self.lock:
            return [str(m["Subject"]) for m in self.messages]

    def wait_for(self, prefix: str, seconds: float) -> Message:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.messages:
                    if str(message["Subject"]).startswith(prefix):
                        return message
            time.sleep(0.3)
        pytest.fail(f"No email starting {prefix!r} within {seconds} s; got {self.subjects()}")


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    running = RunningSandbox().start()
    running.world.settings.token_requests_per_minute = 1_000_000
    running.world.settings.api_calls_per_minute = 1_000_000
    yield running
    running.stop()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def ferry(tmp_path: Path) -> Iterator[str]:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("The frontend is not built: run `make frontend-build`.")
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SERVICE_VARS}
    env["FERRY_DATA_DIR"] = str(tmp_path / "data")
    env["FERRY_HOUSEKEEPING_SECONDS"] = "2"
    port = _free_port()
    env["FERRY_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "seed_demo")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/login", server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _api(url: str) -> httpx.Client:
    client = httpx.Client(base_url=f"{url}/api/v1", timeout=30)
    token = client.post("/auth/token", json={"username": "demo", "password": "demo"})
    assert token.status_code == 200, token.text
    client.headers["Authorization"] = f"Token {token.json()['token']}"
    return client


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201, 202), response.text
    body: dict[str, Any] = response.json()
    return body


def _set_up(api: httpx.Client, sandbox: RunningSandbox, smtp_port: int) -> dict[str, Any]:
    ionapi = json.dumps(httpx.get(f"{sandbox.base_url}/ionapi").json())
    connection = _created(
        api.post(
            "/connections/",
            json={
                "name": "Infor sandbox",
                "credentialType": "infor.ionapi",
                "fields": {"ionapi": ionapi},
            },
        )
    )
    document = order_workflow(attempts=1, interval=0.1)
    document["nodes"][1]["connection"] = connection["id"]
    workflow = _created(
        api.post("/workflows/", json={"name": "Orders into Infor", "document": document})
    )
    workflow = _created(api.post(f"/workflows/{workflow['id']}/deploy", json={"version": 1}))
    channel = _created(
        api.post(
            "/alert-channels/",
            json={
                "name": "Operations mailbox",
                "kind": "email",
                "config": {
                    "host": "127.0.0.1",
                    "port": smtp_port,
                    "security": "none",
                    "from": "ferry@example.com",
                    "to": ["ops@example.com"],
                },
            },
        )
    )
    _created(
        api.post(
            "/alert-rules/",
            json={
                "name": "Orders failing",
                "kind": "failure_rate",
                "workflow": workflow["id"],
                "threshold": 40,
                "minutes": 15,
                "minRuns": 1,
                "cooldownMinutes": 0,
                "channels": [channel["id"]],
            },
        )
    )
    return workflow


def _send_orders(url: str, workflow: dict[str, Any]) -> None:
    for reference, item in [(r, KNOWN_ITEM) for r in GOOD_ORDERS] + [
        (r, UNKNOWN_ITEM) for r in BAD_ORDERS
    ]:
        payload = {
            "customer": CUSTOMER,
            "reference": reference,
            "lines": [{"item": item, "quantity": 1}],
        }
        response = httpx.post(
            workflow["hookUrl"]
            if workflow["hookUrl"].startswith("http")
            else f"{url}{workflow['hookUrl']}",
            json=payload,
            timeout=30,
        )
        assert response.status_code == 202, response.text


def _wait_for_runs(
    api: httpx.Client, workflow_id: str, wanted: dict[str, int], seconds: float
) -> None:
    deadline = time.monotonic() + seconds
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        runs = api.get(
            "/runs/", params={"workflow": workflow_id, "mode": "webhook", "limit": 100}
        ).json()["results"]
        counts = {}
        for run in runs:
            counts[run["status"]] = counts.get(run["status"], 0) + 1
        if all(counts.get(status, 0) == n for status, n in wanted.items()):
            return
        time.sleep(0.3)
    pytest.fail(f"Runs did not reach {wanted} within {seconds} s: {counts}")


def test_it_takes_an_operator_from_a_failure_spike_to_a_resolved_alert(
    ferry: str, sandbox: RunningSandbox, inbox: tuple[Inbox, int]
) -> None:
    node = shutil.which("node")
    assert node, "node is needed to drive the browser"
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}"
    mailbox, smtp_port = inbox
    api = _api(ferry)
    workflow = _set_up(api, sandbox, smtp_port)

    _send_orders(ferry, workflow)
    _wait_for_runs(api, workflow["id"], {"succeeded": 2, "failed": 3}, 60)
    alert = mailbox.wait_for("[Ferry] Alert: Orders failing", 30)
    assert alert["X-Ferry-Alert"] == "firing"

    journey = subprocess.Popen(
        [node, str(JOURNEY), ferry, str(SCREENSHOTS)],
        cwd=ROOT / "frontend",
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    assert journey.stdout is not None
    assert journey.stdin is not None
    try:
        for line in journey.stdout:
            output.append(line)
            if line.startswith("CREATE_ITEM "):
                itno = line.split()[1]
                tenant = sandbox.world.tenant
                with tenant.lock:
                    tenant.items[itno] = Item(itno, "Created by the operator")
                journey.stdin.write("created\n")
                journey.stdin.flush()
        code = journey.wait(timeout=240)
    finally:
        if journey.poll() is None:
            journey.kill()
    log = "".join(output)
    assert code == 0, log
    assert "FAIL" not in log, log

    _wait_for_runs(api, workflow["id"], {"succeeded": 5, "failed": 0}, 60)
    resolved = mailbox.wait_for("[Ferry] Resolved: Orders failing", 30)
    assert resolved["X-Ferry-Alert"] == "resolved"
    letters = api.get("/dead-letters/", params={"status": "retried"}).json()
    assert letters["count"] == 3
    assert (SCREENSHOTS / "07-incident-resolved.png").exists()
