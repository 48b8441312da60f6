"""Ferry as separate processes for crash tests and benches: migrate, seed, serve, kill -9.

Embedded mode is one ``manage.py serve`` process on a SQLite file in its own data directory;
scaled mode (``DATABASE_URL`` and ``REDIS_URL`` given) adds Celery worker processes. Nothing
here imports Django: the processes are driven through their environment and the database file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(ROOT / "manage.py")]

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

SEED = """
import json, sys
from backend.designer.models import Deployment, Workflow, WorkflowVersion
document = json.loads(sys.stdin.read())
workflow = Workflow.objects.create(name="Orders")
version = WorkflowVersion.objects.create(workflow=workflow, number=1, document=document)
workflow.active_version = version
workflow.save()
Deployment.objects.create(workflow=workflow, version=version)
print(workflow.hook_token)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def order_document(sink_url: str, *, attempts: int = 5, once: bool = True) -> dict[str, Any]:
    """Webhook → JSONata map → POST to the sink; with ``once`` through the effect ledger
    (idempotency key + check URL), else a plain POST."""
    guard = {
        "idempotencyKey": "'order-' & ref",
        "reconcileUrl": f"'{sink_url}/orders/order-' & ref",
    }
    return {
        "schemaVersion": 1,
        "nodes": [
            {"id": "hook", "type": "core.trigger.webhook", "typeVersion": 1, "config": {}},
            {
                "id": "map",
                "type": "core.jsonata.map",
                "typeVersion": 1,
                "config": {"expression": '{"ref": reference, "total": $sum(lines.price)}'},
            },
            {
                "id": "send",
                "type": "core.http.request",
                "typeVersion": 1,
                "config": {
                    "method": "POST",
                    "url": f"'{sink_url}/orders'",
                    "bodyMode": "jsonata",
                    "body": "$",
                    **(guard if once else {}),
                },
                "retry": {"maximumAttempts": attempts, "initialInterval": 0.5, "jitter": 0},
            },
        ],
        "edges": [
            {"id": "e1", "source": "hook", "target": "map"},
            {"id": "e2", "source": "map", "target": "send"},
        ],
        "settings": {"businessKey": "reference"},
    }


class Ferry:
    """One Ferry installation in ``data_dir``; ``env`` adds settings for every process."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("FERRY_", "DJANGO_"))},
            "FERRY_DATA_DIR": str(data_dir),
            "FERRY_LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        if "DATABASE_URL" not in (env or {}):
            self.env.pop("DATABASE_URL", None)
            self.env.pop("REDIS_URL", None)
            self.env.pop("CELERY_BROKER_URL", None)
        self.processes: list[subprocess.Popen[bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [*MANAGE, *args],
            env=self.env,
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            check=False,
            cwd=ROOT,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed: {done.stderr.decode()[-2000:]}")
        return done.stdout.decode()

    def prepare(self, document: dict[str, Any]) -> str:
        """Migrate and deploy ``document``; returns the hook token."""
        self.manage("migrate", "--noinput")
        return self.manage("shell", "-c", SEED, stdin=json.dumps(document)).strip().splitlines()[-1]

    def copy_of(self, data_dir: Path) -> Ferry:
        """Another installation starting from a copy of this one's (stopped) data."""
        shutil.copytree(self.data_dir, data_dir)
        copy = Ferry(data_dir)
        copy.env = {**self.env, "FERRY_DATA_DIR": str(data_dir)}
        return copy

    def serve(self, **env: str) -> subprocess.Popen[bytes]:
        """Start ``manage.py serve`` (with extra environment) and wait until it answers."""
        process = subprocess.Popen(
            [*MANAGE, "serve", "--port", str(self.port)],
            env={**self.env, **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("manage.py serve exited at start")
            try:
                httpx.get(f"{self.url}/healthz", timeout=1)
                return process
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("manage.py serve did not answer within 30 s")

    def worker(self, name: str, **env: str) -> subprocess.Popen[bytes]:
        """A Celery worker process (scaled mode)."""
        command = [
            sys.executable, "-m", "celery", "-A", "backend", "worker",
            "-n", f"{name}@%h", "--concurrency", env.pop("CONCURRENCY", "4"),
            "--pool", env.pop("POOL", "threads"), "--loglevel", "WARNING", "--without-heartbeat",
            "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        process = subprocess.Popen(
            command,
            env={**self.env, **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def beat(self) -> subprocess.Popen[bytes]:
        """Celery beat (scaled mode): rings the sweep every ``FERRY_SWEEP_SECONDS``."""
        schedule = self.data_dir / "beat-schedule"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "celery", "-A", "backend", "beat", "-s", str(schedule)]
        process = subprocess.Popen(
            [*command, "--loglevel", "WARNING"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """kill -9: no clean-up, no goodbye."""
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for process in self.processes:
            self.kill(process)
        self.processes.clear()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows straight from the installation's database (SQLite file or PostgreSQL)."""
        url = self.env.get("DATABASE_URL")
        if url:
            import psycopg

            with psycopg.connect(url) as db:
                return [tuple(row) for row in db.execute(sql).fetchall()]
        with sqlite3.connect(self.data_dir / "ferry.sqlite3", timeout=10) as db:
            return [tuple(row) for row in db.execute(sql).fetchall()]

    def statuses(self) -> Counter[str]:
        rows = self.query("SELECT status, COUNT(*) FROM runs_run GROUP BY status")
        return Counter({str(status): int(count) for status, count in rows})

    def dead_letters(self) -> list[tuple[str, str]]:
        query = "SELECT code, reason FROM durability_deadletter WHERE status = 'open'"
        return [(str(code), str(reason)) for code, reason in self.query(query)]


def fresh_postgres(name: str) -> str:
    """An empty PostgreSQL database ``name`` on the local server; returns its URL."""
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def send_orders(url: str, token: str, references: list[str]) -> list[str]:
    """Deliver one webhook per reference; returns the accepted run ids."""
    accepted = []
    with httpx.Client(timeout=10) as client:
        for reference in references:
            body = {"reference": reference, "lines": [{"price": 10}, {"price": 5}]}
            response = client.post(f"{url}/hooks/{token}", json=body)
            response.raise_for_status()
            accepted.append(str(response.json()["runId"]))
    return accepted


def wait_until(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())
