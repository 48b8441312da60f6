"""Keeping the rollups up to date as runs finish, and rebuilding them from stored runs."""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model

from backend.monitoring.models import NodeRollup, RunRollup
from backend.monitoring.statuses import FINAL
from backend.runs.models import Run, RunMode, Step

log = logging.getLogger(__name__)

LATENCY_BOUNDS: tuple[float, ...] = (
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
)  # fmt: skip
"""Upper bounds in seconds of the latency buckets; the last bucket (index 13) is unbounded."""

COUNTED_MODES_EXCLUDED = {RunMode.TEST}
"""Designer test runs are not production traffic and stay out of statistics."""


def latency_bucket(seconds: float) -> int:
    return bisect.bisect_left(LATENCY_BOUNDS, seconds)


def record_finished_run(run: Run, status: str, finished_at: datetime) -> None:
    """Count a run that just reached a final status (called once, by whoever finished it).

    Never raises: statistics must not stop a run's outcome from being stored.
    """
    if run.mode in COUNTED_MODES_EXCLUDED:
        return
    try:
        _count_run(run, status, finished_at)
        _count_steps(run)
    except Exception:
        log.exception("Counting finished run %s for statistics failed", run.pk)


def _count_run(run: Run, status: str, finished_at: datetime) -> None:
    duration_ms = max(0, int((finished_at - run.created_at).total_seconds() * 1000))
    key = {
        "workflow_id": run.workflow_id,
        "minute": finished_at.replace(second=0, microsecond=0),
        "status": status,
        "bucket": latency_bucket(duration_ms / 1000),
    }
    _increment(RunRollup, key, runs=1, duration_ms_sum=duration_ms)


def _count_steps(run: Run) -> None:
    nodes = _nodes_of(run)
    totals: Counter[tuple[str, str, str, str, str]] = Counter()
    retries: Counter[tuple[str, str, str, str, str]] = Counter()
    durations: Counter[tuple[str, str, str, str, str]] = Counter()
    last: dict[tuple[str, str, str, str, str], datetime] = {}
    for step in Step.objects.filter(run_id=run.pk).exclude(finished_at=None):
        node_type, connection_id = nodes.get(step.node_id, ("", ""))
        key = (step.node_id, node_type, connection_id, step.status, "")
        totals[key] += 1
        retries[key] += 1 if step.attempt > 1 else 0
        assert step.finished_at is not None
        durations[key] += int((step.finished_at - step.started_at).total_seconds() * 1000)
        last[key] = max(last.get(key, step.finished_at), step.finished_at)
    for key, count in totals.items():
        node_id, node_type, connection_id, status, _ = key
        _increment(
            NodeRollup,
            {
                "workflow_id": run.workflow_id,
                "node_id": node_id,
                "node_type": node_type,
                "connection_id": connection_id,
                "status": status,
            },
            set_fields={"last_at": last[key]},
            steps=count,
            retries=retries[key],
            duration_ms_sum=max(0, durations[key]),
        )


def _nodes_of(run: Run) -> dict[str, tuple[str, str]]:
    """Node id to (type, connection id) from the document the run executed."""
    document = run.version.document if run.version_id else {}
    nodes: dict[str, tuple[str, str]] = {}
    for node in document.get("nodes", []) if isinstance(document, dict) else []:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            nodes[node["id"]] = (str(node.get("type") or ""), str(node.get("connection") or ""))
    return nodes


def _increment(
    model: type[Model],
    key: dict[str, Any],
    set_fields: dict[str, Any] | None = None,
    **amounts: int,
) -> None:
    """Add ``amounts`` to the row at ``key``, creating it if needed, safe across processes."""
    changes = {name: F(name) + value for name, value in amounts.items()}
    changes.update(set_fields or {})
    manager = model._default_manager
    if manager.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            manager.create(**key, **amounts, **(set_fields or {}))
    except IntegrityError:
        # Another worker created the row between our update and create: add to theirs.
        manager.filter(**key).update(**changes)


def rebuild_run_rollups(batch: int = 5000) -> int:
    """Recompute ``RunRollup`` from every finished run (after an import, or to repair it).

    Returns how many runs were counted.
    """
    counts: Counter[tuple[Any, datetime, str, int]] = Counter()
    sums: Counter[tuple[Any, datetime, str, int]] = Counter()
    finished = (
        Run.objects.exclude(mode__in=COUNTED_MODES_EXCLUDED)
        .exclude(finished_at=None)
        .filter(status__in=FINAL)
        .values_list("workflow_id", "status", "created_at", "finished_at")
        .order_by()
    )
    total = 0
    for workflow_id, status, created_at, finished_at in finished.iterator(chunk_size=batch):
        assert finished_at is not None  # excluded above
        duration_ms = max(0, int((finished_at - created_at).total_seconds() * 1000))
        key = (
            workflow_id,
            finished_at.replace(second=0, microsecond=0),
            status,
            latency_bucket(duration_ms / 1000),
        )
        counts[key] += 1
        sums[key] += duration_ms
        total += 1
    with transaction.atomic():
        RunRollup.objects.all().delete()
        RunRollup.objects.bulk_create(_rollup_rows(counts, sums), batch_size=batch)
    return total


def _rollup_rows(
    counts: Counter[tuple[Any, datetime, str, int]], sums: Counter[tuple[Any, datetime, str, int]]
) -> Iterable[RunRollup]:
    for (workflow_id, minute, status, bucket), runs in counts.items():
        yield RunRollup(
            workflow_id=workflow_id,
            minute=minute,
            status=status,
            bucket=bucket,
            runs=runs,
            duration_ms_sum=sums[(workflow_id, minute, status, bucket)],
        )
