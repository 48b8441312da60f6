"""Keeping the rollups up to date as runs finish, and rebuilding them from stored runs."""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone

from backend.monitoring.models import (
    HourRollup,
    MinuteRollup,
    NodeRollup,
    RunCounts,
    RunTotal,
)
from backend.monitoring.statuses import FINAL
from backend.runs.models import Run, RunMode, Step

log = logging.getLogger(__name__)

LATENCY_BOUNDS: tuple[float, ...] = (
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600,
)  # fmt: skip
"""Upper bounds in seconds of the latency buckets; the last bucket (index 13) is unbounded."""

COUNTED_MODES_EXCLUDED = {RunMode.TEST}
"""Designer test runs are not production traffic and stay out of statistics."""


BUCKET_FIELDS = tuple(f"b{index:02}" for index in range(len(LATENCY_BOUNDS) + 1))
"""The histogram columns of the run rollups, one per latency bucket."""

MINUTES_KEPT = timedelta(days=2)
HOURS_KEPT = timedelta(days=35)

NodeKey = tuple[str, str, str, str]
"""(node id, node type, connection id, step status)."""


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
    amounts = {
        "runs": 1,
        "duration_ms_sum": duration_ms,
        BUCKET_FIELDS[latency_bucket(duration_ms / 1000)]: 1,
    }
    key = {"workflow_id": run.workflow_id, "status": status}
    minute = finished_at.replace(second=0, microsecond=0)
    _increment(MinuteRollup, {**key, "start": minute}, amounts)
    _increment(HourRollup, {**key, "start": minute.replace(minute=0)}, amounts)
    _increment(RunTotal, key, amounts)


def prune_rollups(now: datetime) -> None:
    """Forget minute and hour rollups older than any view or alert reads."""
    MinuteRollup.objects.filter(start__lt=now - MINUTES_KEPT).delete()
    HourRollup.objects.filter(start__lt=now - HOURS_KEPT).delete()


def _count_steps(run: Run) -> None:
    nodes = _nodes_of(run)
    totals: Counter[NodeKey] = Counter()
    retries: Counter[NodeKey] = Counter()
    durations: Counter[NodeKey] = Counter()
    last: dict[NodeKey, datetime] = {}
    for step in Step.objects.filter(run_id=run.pk).exclude(finished_at=None):
        node_type, connection_id = nodes.get(step.node_id, ("", ""))
        key = (step.node_id, node_type, connection_id, step.status)
        totals[key] += 1
        retries[key] += 1 if step.attempt > 1 else 0
        assert step.finished_at is not None
        durations[key] += int((step.finished_at - step.started_at).total_seconds() * 1000)
        last[key] = max(last.get(key, step.finished_at), step.finished_at)
    for key, count in totals.items():
        node_id, node_type, connection_id, status = key
        _increment(
            NodeRollup,
            {
                "workflow_id": run.workflow_id,
                "node_id": node_id,
                "node_type": node_type,
                "connection_id": connection_id,
                "status": status,
            },
            {"steps": count, "retries": retries[key], "duration_ms_sum": max(0, durations[key])},
            set_fields={"last_at": last[key]},
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
    amounts: dict[str, int],
    set_fields: dict[str, Any] | None = None,
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
    """Recompute the run rollups from every finished run (after an import, or to repair them).

    Returns how many runs were counted.
    """
    finished = (
        Run.objects.exclude(mode__in=COUNTED_MODES_EXCLUDED)
        .exclude(finished_at=None)
        .filter(status__in=FINAL)
        .values_list("workflow_id", "status", "created_at", "finished_at")
        .order_by()
    )
    builder = RollupBuilder(timezone.now())
    for workflow_id, status, created_at, finished_at in finished.iterator(chunk_size=batch):
        assert finished_at is not None  # excluded above
        builder.add(workflow_id, status, created_at, finished_at)
    with transaction.atomic():
        for model in (MinuteRollup, HourRollup, RunTotal):
            model._default_manager.all().delete()
        builder.save()
    return builder.counted


class RollupBuilder:
    """Run rollups computed in memory from many finished runs, then written in bulk."""

    def __init__(self, now: datetime) -> None:
        self.minutes_since = now - MINUTES_KEPT
        self.hours_since = now - HOURS_KEPT
        self.rows: dict[tuple[type[RunCounts], Any, str, datetime | None], list[int]] = {}
        self.counted = 0

    def add(
        self, workflow_id: Any, status: str, created_at: datetime, finished_at: datetime
    ) -> None:
        duration_ms = max(0, int((finished_at - created_at).total_seconds() * 1000))
        bucket = latency_bucket(duration_ms / 1000)
        minute = finished_at.replace(second=0, microsecond=0)
        keys: list[tuple[type[RunCounts], Any, str, datetime | None]] = [
            (RunTotal, workflow_id, status, None)
        ]
        if finished_at >= self.hours_since:
            keys.append((HourRollup, workflow_id, status, minute.replace(minute=0)))
        if finished_at >= self.minutes_since:
            keys.append((MinuteRollup, workflow_id, status, minute))
        for key in keys:
            # [runs, duration_ms_sum, b00 .. b13]
            row = self.rows.setdefault(key, [0] * (2 + len(BUCKET_FIELDS)))
            row[0] += 1
            row[1] += duration_ms
            row[2 + bucket] += 1
        self.counted += 1

    def save(self, batch: int = 5000) -> None:
        made: dict[type[RunCounts], list[RunCounts]] = {}
        for (model, workflow_id, status, start), values in self.rows.items():
            fields = dict(zip(("runs", "duration_ms_sum", *BUCKET_FIELDS), values, strict=True))
            when = {} if start is None else {"start": start}
            made.setdefault(model, []).append(
                model(workflow_id=workflow_id, status=status, **when, **fields)
            )
        for model, objects in made.items():
            model._default_manager.bulk_create(objects, batch_size=batch)
