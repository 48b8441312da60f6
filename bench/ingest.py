"""Webhook ingest benchmark: accepted webhooks per second and latency, from 1, 8 and 32 senders.

Starts Ferry the way users do (``manage.py serve`` in a subprocess, fresh data directory),
deploys a two-node webhook workflow through the ORM, posts N distinct events per concurrency
level from keep-alive connections, then checks that every accepted event is stored
with its run. ``--db postgres`` uses a fresh ``ferry_bench`` database and Redis (Celery workers
execute the runs there; pass ``--workers`` to start some).

    .venv/bin/python bench/ingest.py --db sqlite --requests 3000
    .venv/bin/python bench/ingest.py --db sqlite --no-dispatcher
    .venv/bin/python bench/ingest.py --db postgres --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH = "postgresql://postgres@127.0.0.1:5432/ferry_bench"
REDIS = "redis://127.0.0.1:6379/5"

DOCUMENT = {
    "schemaVersion": 1,
    "nodes": [
        {
            "id": "hook",
            "type": "core.trigger.webhook",
            "typeVersion": 1,
            "name": "Order webhook",
            "config": {},
            "position": {"x": 0, "y": 0},
        },
        {
            "id": "map",
            "type": "core.jsonata.map",
            "typeVersion": 1,
            "name": "Summarise",
            "config": {"expression": '{"ref": reference, "total": $sum(lines.price)}'},
            "position": {"x": 200, "y": 0},
        },
    ],
    "edges": [
        {"id": "e1", "source": "hook", "sourcePort": "main", "target": "map", "targetPort": "main"}
    ],
    "settings": {"businessKey": "reference"},
}


def main() -> None:
    args = _arguments()
    env = _environment(args)
    os.environ.update(env)
    _run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    token = _deploy_workflow()
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    workers = [_celery_worker(env, n) for n in range(args.workers)]
    try:
        url = f"http://127.0.0.1:{port}/hooks/{token}"
        _wait_until_up(url)
        print(f"Ferry on {args.db}, dispatcher {'on' if args.dispatcher else 'off'}")
        print(f"{'senders':>8} {'accepted':>9} {'per s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        _send(url, 50, 4, "warmup")
        accepted = 50
        for senders in args.concurrency:
            ok, seconds, latencies = _send(url, args.requests, senders, f"c{senders}")
            accepted += ok
            p50 = statistics.median(latencies) * 1000
            p99 = _percentile(latencies, 0.99) * 1000
            print(f"{senders:>8} {ok:>9} {ok / seconds:>8.0f} {p50:>8.1f} {p99:>8.1f}")
        _report_storage(accepted, args.settle)
    finally:
        server.terminate()
        server.wait(10)
        for worker in workers:
            worker.terminate()
            worker.wait(10)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=2000, help="per concurrency level")
    parser.add_argument("--concurrency", type=lambda s: [int(c) for c in s.split(",")])
    parser.add_argument("--no-dispatcher", dest="dispatcher", action="store_false")
    parser.add_argument("--workers", type=int, default=0, help="Celery workers (postgres)")
    parser.add_argument(
        "--settle", type=float, default=60.0, help="seconds to wait for runs to finish"
    )
    args = parser.parse_args()
    args.concurrency = args.concurrency or [1, 8, 32]
    return args


def _environment(args: argparse.Namespace) -> dict[str, str]:
    data_dir = tempfile.mkdtemp(prefix="ferry-bench-")
    env = {**os.environ, "FERRY_DATA_DIR": data_dir, "FERRY_LOG_LEVEL": "WARNING"}
    env["FERRY_START_DISPATCHER"] = "true" if args.dispatcher else "false"
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "RABBITMQ_URL"):
        env.pop(name, None)
    if args.db == "postgres":
        _fresh_postgres_database()
        # Doorbells left by an earlier run name runs that no longer exist; workers would
        # work through all of them before reaching this run's.
        redis.Redis.from_url(REDIS).flushdb()
        env["DATABASE_URL"] = POSTGRES_BENCH
        env["REDIS_URL"] = REDIS
    return env


def _fresh_postgres_database() -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS ferry_bench WITH (FORCE)")
        admin.execute("CREATE DATABASE ferry_bench")


def _deploy_workflow() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    from django.db import connection

    from backend.designer.models import Deployment, Workflow, WorkflowVersion

    workflow = Workflow.objects.create(name="Bench orders")
    version = WorkflowVersion.objects.create(workflow=workflow, number=1, document=DOCUMENT)
    workflow.active_version = version
    workflow.save()
    Deployment.objects.create(workflow=workflow, version=version)
    connection.close()
    return workflow.hook_token


def _send(url: str, total: int, senders: int, tag: str) -> tuple[int, float, list[float]]:
    """Post ``total`` events over ``senders`` connections: (accepted, seconds, latencies).

    The senders are coroutines on one event loop speaking plain HTTP/1.1 over asyncio streams:
    they share the 2 cores with Ferry, and threads or a full HTTP client library would spend
    more of them (and add their own queueing to the latencies) than the server being measured.
    """
    return asyncio.run(_send_all(urllib.parse.urlsplit(url), total, senders, tag))


async def _send_all(
    url: urllib.parse.SplitResult, total: int, senders: int, tag: str
) -> tuple[int, float, list[float]]:
    latencies: list[float] = []
    accepted = [0]

    async def sender(number: int) -> None:
        reader, writer = await asyncio.open_connection(url.hostname, url.port)
        for i in range(number, total, senders):
            body = json.dumps(
                {"reference": f"{tag}-{i}", "lines": [{"price": 10}, {"price": i % 7}]}
            )
            request = (
                f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
            )
            started = time.perf_counter()
            writer.write(request.encode())
            status = await _read_response(reader)
            latencies.append(time.perf_counter() - started)
            accepted[0] += status == 202
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(sender(n) for n in range(senders)))
    return accepted[0], time.perf_counter() - started, latencies


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return int(lines[0].split()[1])


def _report_storage(accepted: int, settle: float) -> None:
    from django.db import connection

    from backend.ingress.models import InboundEvent
    from backend.runs.models import Run, RunStatus

    events, runs = InboundEvent.objects.count(), Run.objects.count()
    print(f"accepted {accepted}, events stored {events}, runs stored {runs}")
    if accepted != events or accepted != runs:
        print("MISMATCH: accepted events and stored rows differ")
    finished = {RunStatus.SUCCEEDED, RunStatus.FAILED}
    deadline = time.monotonic() + settle
    done = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        done = Run.objects.filter(status__in=finished).count()
        if done >= runs:
            break
        time.sleep(0.5)
    done = Run.objects.filter(status__in=finished).count()
    succeeded = Run.objects.filter(status=RunStatus.SUCCEEDED).count()
    waited = time.monotonic() - started
    print(f"runs finished {done} ({succeeded} succeeded), {waited:.1f}s after the last send")
    connection.close()


def _celery_worker(env: dict[str, str], number: int) -> subprocess.Popen[bytes]:
    command = [str(Path(PYTHON).parent / "celery"), "-A", "backend", "worker", "-l", "warning"]
    command += ["--pool", "threads", "--concurrency", "1", "-n", f"bench{number}@%h"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("Ferry did not start within 30 seconds")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
