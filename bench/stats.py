"""Dashboard statistics benchmark: ``GET /api/v1/stats/overview`` with a million stored runs.

Fills a fresh database (SQLite in a temporary directory, or a fresh ``ferry_bench_stats``
PostgreSQL database with ``--db postgres``) with runs spread over the last seven days across a
few workflows, writes the rollups the runtime would have kept as they finished, then
times the endpoint for every window, overall and for one workflow, and one ``/metrics`` scrape.

    .venv/bin/python bench/stats.py                      # 1,000,000 runs on SQLite
    .venv/bin/python bench/stats.py --db postgres --runs 1000000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH = "postgresql://postgres@127.0.0.1:5432/ferry_bench_stats"

# Share of runs by final status; the rest of the 100% is the backlog (queued, running, retrying).
STATUS_MIX = [
    ("succeeded", 0.93),
    ("failed", 0.035),
    ("dead_lettered", 0.02),
    ("cancelled", 0.005),
    ("superseded", 0.009),
    ("queued", 0.0005),
    ("running", 0.0003),
    ("retry_wait", 0.0002),
]
BATCH = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--workflows", type=int, default=12)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="ferry-bench-stats-")
    os.environ["FERRY_DATA_DIR"] = data_dir
    if options.db == "postgres":
        _fresh_postgres()
        os.environ["DATABASE_URL"] = POSTGRES_BENCH
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database: {options.db} ({os.environ.get('DATABASE_URL') or data_dir})")

    workflows = _workflows(options.workflows)
    started = time.perf_counter()
    rollups = _fill(workflows, options.runs)
    print(f"inserted {options.runs:,} runs in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    rollups.save()
    print(
        f"wrote the rollups of {rollups.counted:,} finished runs in "
        f"{time.perf_counter() - started:.1f} s ({len(rollups.rows):,} rows)"
    )
    _time_endpoints(workflows[0], options.repeat)


def _fresh_postgres() -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS ferry_bench_stats WITH (FORCE)")
        admin.execute("CREATE DATABASE ferry_bench_stats")


def _workflows(count: int) -> list[Any]:
    from backend.designer.models import Workflow, WorkflowVersion

    document = {"schemaVersion": 1, "nodes": [], "edges": [], "settings": {}}
    made = []
    for number in range(count):
        workflow = Workflow.objects.create(name=f"Workflow {number + 1}")
        version = WorkflowVersion.objects.create(workflow=workflow, number=1, document=document)
        workflow.active_version = version
        workflow.save()
        made.append(workflow)
    return made


def _fill(workflows: list[Any], total: int) -> Any:
    """Insert the runs; returns their rollups, as the runtime would have kept them."""
    from django.db import transaction
    from django.utils import timezone

    from backend.monitoring.rollups import RollupBuilder
    from backend.runs.models import Run

    rollups = RollupBuilder(timezone.now())
    batch: list[Run] = []
    for run in _runs(workflows, total):
        if run.finished_at is not None:
            rollups.add(run.workflow_id, run.status, run.created_at, run.finished_at)
        batch.append(run)
        if len(batch) == BATCH:
            with transaction.atomic():
                Run.objects.bulk_create(batch)
            batch = []
    if batch:
        Run.objects.bulk_create(batch)
    return rollups


def _runs(workflows: list[Any], total: int) -> Iterator[Any]:
    from django.utils import timezone

    from backend.runs.models import Run

    rng = random.Random(8)
    now = timezone.now()
    week = 7 * 24 * 3600
    statuses = [status for status, _ in STATUS_MIX]
    weights = [share for _, share in STATUS_MIX]
    pending = {"queued", "running", "retry_wait"}
    for _ in range(total):
        workflow = rng.choice(workflows)
        status = rng.choices(statuses, weights)[0]
        created = now - timedelta(seconds=rng.random() * week)
        # Latency: mostly sub-second, a long tail of slow runs and retries.
        seconds = rng.lognormvariate(-1.5, 1.2)
        finished = None if status in pending else min(now, created + timedelta(seconds=seconds))
        yield Run(
            id=uuid.uuid4(),
            workflow_id=workflow.pk,
            version_id=workflow.active_version_id,
            status=status,
            mode="webhook",
            created_at=created,
            started_at=created,
            finished_at=finished,
        )


def _time_endpoints(workflow: Any, repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from rest_framework.test import APIClient

    user = get_user_model().objects.create_user("bench", password="bench")
    api = APIClient()
    api.force_authenticate(user)
    print(f"\nGET /api/v1/stats/overview, {repeat} calls each (median / slowest):")
    for window in ("1h", "24h", "7d"):
        for scope, query in (("all", ""), ("one workflow", f"&workflow={workflow.pk}")):
            url = f"/api/v1/stats/overview?window={window}{query}"
            median, slowest = _timed(_getter(api, url), repeat)
            print(f"  window={window:<4} {scope:<13} {_ms(median)} / {_ms(slowest)}")
    client = Client(REMOTE_ADDR="127.0.0.1")
    median, slowest = _timed(_getter(client, "/metrics"), repeat)
    print(f"GET /metrics                {_ms(median)} / {_ms(slowest)}")


def _getter(client: Any, url: str) -> Callable[[], None]:
    def get() -> None:
        _ok(client.get(url))

    return get


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _ok(response: Any) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code}: {response.content[:300]!r}")


def _timed(call: Callable[[], None], repeat: int) -> tuple[float, float]:
    call()  # warm caches and connections first
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent), max(spent)


if __name__ == "__main__":
    main()
