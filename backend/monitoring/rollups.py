"""Keeping the rollups up to date as runs finish, and rebuilding them from stored runs."""

from __future__ import annotations

import bisect
import logging
import os
import threading
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from backend.designer.models import Workflow
from backend.monitoring.models import (
    HourRollup,
    MinuteRollup,
    NodeRollup,
    RunCounts,
    RunTotal,
)
from backend.monitoring.statuses import FINAL
from backend.runs.models import Run, RunMode, Step
from workflows.run_store import StepRecord

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


def latency_bucket(seconds: float) -> int:
    return bisect.bisect_left(LATENCY_BOUNDS, seconds)


def record_finished_run(
    run: Run, status: str, finished_at: datetime, steps: list[StepRecord] | None = None
) -> None:
    """Count a run that just reached a final status (called once, by whoever finished it).

    ``steps`` are the run's steps when the caller has them at hand (the executor's store), else
    they are read back. Never raises: statistics must not stop a run's outcome from being stored.
    """
    if run.mode in COUNTED_MODES_EXCLUDED:
        return
    try:
        counts = PendingCounts()
        counts.add_run(run.workflow_id, status, run.created_at, finished_at)
        counts.add_steps(run.workflow_id, _nodes_of(run), steps or _stored_steps(run))
        buffer.add(counts)
    except Exception:
        log.exception("Counting finished run %s for statistics failed", run.pk)


def prune_rollups(now: datetime) -> None:
    """Forget minute and hour rollups older than any view or alert reads."""
    MinuteRollup.objects.filter(start__lt=now - MINUTES_KEPT).delete()
    HourRollup.objects.filter(start__lt=now - HOURS_KEPT).delete()


def _stored_steps(run: Run) -> list[StepRecord]:
    fields = ("node_id", "attempt", "status", "started_at", "finished_at")
    return [
        StepRecord(str(step.pk), step.node_id, step.attempt, step.status, {},  # type: ignore[arg-type]
                   started_at=step.started_at, finished_at=step.finished_at)
        for step in Step.objects.filter(run_id=run.pk).exclude(finished_at=None).only(*fields)
    ]  # fmt: skip


def _nodes_of(run: Run) -> dict[str, tuple[str, str]]:
    """Node id to (type, connection id) from the document the run executed."""
    document = run.version.document if run.version_id else {}
    nodes: dict[str, tuple[str, str]] = {}
    for node in document.get("nodes", []) if isinstance(document, dict) else []:
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            nodes[node["id"]] = (str(node.get("type") or ""), str(node.get("connection") or ""))
    return nodes


RunCountKey = tuple[Any, str, datetime]
"""(workflow id, status, minute the runs finished in)."""
NodeCountKey = tuple[Any, str, str, str, str]
"""(workflow id, node id, node type, connection id, step status)."""


class PendingCounts:
    """Counts of finished runs and their steps not written yet, summed per rollup row."""

    def __init__(self) -> None:
        self.runs: dict[RunCountKey, list[int]] = {}
        """[runs, duration_ms_sum, b00 .. b13] per key."""
        self.nodes: dict[NodeCountKey, list[Any]] = {}
        """[steps, retries, duration_ms_sum, last_at] per key."""
        self.counted = 0

    def add_run(
        self, workflow_id: Any, status: str, created_at: datetime, finished_at: datetime
    ) -> None:
        duration_ms = max(0, int((finished_at - created_at).total_seconds() * 1000))
        minute = finished_at.replace(second=0, microsecond=0)
        row = self.runs.setdefault((workflow_id, status, minute), [0] * (2 + len(BUCKET_FIELDS)))
        row[0] += 1
        row[1] += duration_ms
        row[2 + latency_bucket(duration_ms / 1000)] += 1
        self.counted += 1

    def add_steps(
        self, workflow_id: Any, nodes: dict[str, tuple[str, str]], steps: list[StepRecord]
    ) -> None:
        for step in steps:
            if step.finished_at is None:
                continue
            node_type, connection_id = nodes.get(step.node_id, ("", ""))
            key = (workflow_id, step.node_id, node_type, connection_id, step.status)
            row = self.nodes.setdefault(key, [0, 0, 0, step.finished_at])
            row[0] += 1
            row[1] += 1 if step.attempt > 1 else 0
            row[2] += int((step.finished_at - step.started_at).total_seconds() * 1000)
            row[3] = max(row[3], step.finished_at)

    def merge(self, other: PendingCounts) -> None:
        for key, values in other.runs.items():
            row = self.runs.setdefault(key, [0] * len(values))
            for index, value in enumerate(values):
                row[index] += value
        for node_key, (steps, retries, spent, last_at) in other.nodes.items():
            node_row = self.nodes.setdefault(node_key, [0, 0, 0, last_at])
            node_row[0] += steps
            node_row[1] += retries
            node_row[2] += spent
            node_row[3] = max(node_row[3], last_at)
        self.counted += other.counted

    def write(self) -> None:
        """Add every count to its rollup rows in one transaction, a few statements in all."""
        if not self.runs and not self.nodes:
            return
        workflows = {key[0] for key in self.runs} | {key[0] for key in self.nodes}
        with transaction.atomic():
            # A workflow deleted since its run finished has no rollups left to add to.
            live = set(Workflow.objects.filter(pk__in=workflows).values_list("pk", flat=True))
            minutes: dict[tuple[Any, ...], list[int]] = {}
            hours: dict[tuple[Any, ...], list[int]] = {}
            totals: dict[tuple[Any, ...], list[int]] = {}
            for (workflow_id, status, minute), values in self.runs.items():
                if workflow_id not in live:
                    continue
                _add(minutes, (workflow_id, minute, status), values)
                _add(hours, (workflow_id, minute.replace(minute=0), status), values)
                _add(totals, (workflow_id, status), values)
            counted = ("runs", "duration_ms_sum", *BUCKET_FIELDS)
            _upsert(MinuteRollup, ("workflow", "start", "status"), counted, (), minutes)
            _upsert(HourRollup, ("workflow", "start", "status"), counted, (), hours)
            _upsert(RunTotal, ("workflow", "status"), counted, (), totals)
            steps = {key: values for key, values in self.nodes.items() if key[0] in live}
            node_key = ("workflow", "node_id", "node_type", "connection_id", "status")
            added = ("steps", "retries", "duration_ms_sum")
            _upsert(NodeRollup, node_key, added, ("last_at",), steps)


def _add(rows: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], values: list[int]) -> None:
    row = rows.setdefault(key, [0] * len(values))
    for index, value in enumerate(values):
        row[index] += value


def _upsert(
    model: type[Model],
    key: tuple[str, ...],
    added: tuple[str, ...],
    latest: tuple[str, ...],
    rows: dict[Any, list[Any]],
) -> None:
    """Insert each row, or add its ``added`` columns to (and take the later ``latest`` of) the
    row already at its key; one statement for all rows, safe across processes."""
    if not rows:
        return
    meta = model._meta
    fields: list[Any] = [meta.get_field(name) for name in (*key, *added, *latest)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = [quote(field.column) for field in fields]
    keys, sums, lasts = columns[: len(key)], columns[len(key) : -len(latest) or None], []
    if latest:
        lasts = columns[-len(latest) :]
    changes = [f"{c} = {table}.{c} + excluded.{c}" for c in sums] + [
        f"{c} = CASE WHEN {table}.{c} IS NULL OR excluded.{c} > {table}.{c} "
        f"THEN excluded.{c} ELSE {table}.{c} END"
        for c in lasts
    ]
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = []
    # Rows in key order: two processes adding to the same rows lock them in the same order.
    for row_key in sorted(rows, key=str):
        values = (*row_key, *rows[row_key])
        params.extend(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, values, strict=True)
        )
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        + ", ".join([placeholders] * len(rows))
        + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(changes)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class RollupBuffer:
    """Finished-run counts kept in memory and written together every ``FERRY_ROLLUP_FLUSH_SECONDS``.

    Worker runtimes (the embedded dispatcher, Celery workers) ``start`` it: a run's end then costs
    no rollup statements, and the hot rollup rows are updated once a second per process instead
    of once per run by every worker. Anywhere else (tests, management commands) counts are written
    at once. ``stop`` writes what is pending; readers in the same process call ``flush`` first.
    A process killed outright loses at most one interval of statistics, never a run:
    ``rebuild_run_rollups`` recomputes the run rollups from the runs table.
    """

    def __init__(self) -> None:
        self._pending = PendingCounts()
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._enabled = False
        self._pid = 0

    @property
    def buffering(self) -> bool:
        return self._enabled

    def start(self) -> None:
        self._enabled = True
        self._start_once()

    def stop(self) -> None:
        """Write what is pending; later counts are written at once again."""
        self._enabled = False
        self._wake.set()
        self.flush()

    def add(self, counts: PendingCounts) -> None:
        if not self._enabled:
            counts.write()
            return
        self._start_once()
        with self._lock:
            self._pending.merge(counts)
            full = self._pending.counted >= FLUSH_RUNS
        if full:
            self._wake.set()

    def flush(self) -> int:
        """Write the pending counts now; returns how many runs they counted."""
        with self._flush_lock:
            with self._lock:
                pending, self._pending = self._pending, PendingCounts()
            try:
                pending.write()
            except Exception:
                with self._lock:
                    pending.merge(self._pending)
                    self._pending = pending
                raise
            return pending.counted

    def _start_once(self) -> None:
        # Per pid, like the lease renewer: a Celery pool child needs its own flushing thread.
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._pending = PendingCounts()  # a forked child must not write its parent's counts
        threading.Thread(target=self._loop, name="ferry-rollups", daemon=True).start()

    def _loop(self) -> None:
        while True:
            self._wake.wait(settings.FERRY_ROLLUP_FLUSH_SECONDS)
            self._wake.clear()
            try:
                self.flush()
            except Exception:
                log.exception("Writing run statistics failed; they are kept for the next try")
            finally:
                connection.close()  # one write a second needs no connection held in between


buffer = RollupBuffer()
FLUSH_RUNS = 500
"""Pending finished runs that make the buffer write before its interval is up."""


def write_pending() -> None:
    """Before reading rollups: write the counts this process still holds (the embedded server
    finishes runs in the process that serves the dashboard, so its figures are exact)."""
    try:
        buffer.flush()
    except Exception:
        log.exception("Writing pending run statistics failed; showing the stored ones")


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
