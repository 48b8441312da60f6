"""Prometheus metrics read from the database at scrape time, so every process reports the same.

Counters come from the rollups (written once per finished run), gauges from the runs table's
status index, so a scrape costs a few grouped queries whatever the number of stored runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Max, Min, Sum
from django.utils import timezone
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from backend.connections.models import Connection
from backend.designer.models import Workflow
from backend.monitoring.models import NodeRollup, RunTotal, WorkerHeartbeat
from backend.monitoring.rollups import BUCKET_FIELDS, LATENCY_BOUNDS, write_pending
from backend.monitoring.statuses import IN_PROGRESS, open_dead_letters
from backend.runs.models import Run, RunMode


class FerryCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        write_pending()
        names = {str(pk): name for pk, name in Workflow.objects.values_list("pk", "name")}
        yield from _finished_runs(names)
        yield from _in_progress(names)
        yield from _steps()
        yield from _connections()
        yield from _workers()


def _finished_runs(names: dict[str, str]) -> Iterator[Metric]:
    finished = CounterMetricFamily(
        "ferry_runs_finished",
        "Runs that reached a final status (test runs excluded).",
        labels=["workflow", "workflow_name", "status"],
    )
    for total in RunTotal.objects.all():
        workflow = str(total.workflow_id)
        finished.add_metric([workflow, names.get(workflow, ""), total.status], total.runs)
    yield finished
    yield _duration_histogram(names)


def _duration_histogram(names: dict[str, str]) -> Metric:
    histogram = HistogramMetricFamily(
        "ferry_run_duration_seconds",
        "Time from a run's acceptance to its end, finished runs only.",
        labels=["workflow", "workflow_name"],
    )
    buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKET_FIELDS))
    sums: dict[str, float] = defaultdict(float)
    for row in RunTotal.objects.all():
        workflow = str(row.workflow_id)
        for index, field in enumerate(BUCKET_FIELDS):
            buckets[workflow][index] += getattr(row, field)
        sums[workflow] += row.duration_ms_sum / 1000
    for workflow, counts in buckets.items():
        cumulative: list[tuple[str, float]] = []
        seen = 0
        for bound, count in zip([*map(str, LATENCY_BOUNDS), "+Inf"], counts, strict=True):
            seen += count
            cumulative.append((bound, seen))
        histogram.add_metric([workflow, names.get(workflow, "")], cumulative, sums[workflow])
    return histogram


def _in_progress(names: dict[str, str]) -> Iterator[Metric]:
    runs = GaugeMetricFamily(
        "ferry_runs_in_progress",
        "Runs accepted and not finished, by status (queued, running, retry_wait).",
        labels=["workflow", "workflow_name", "status"],
    )
    pending = Run.objects.filter(status__in=IN_PROGRESS).exclude(mode=RunMode.TEST)
    rows = pending.values("workflow_id", "status").annotate(n=Count("id")).order_by()
    backlog, retry_waiting = 0, 0
    for row in rows:
        workflow = str(row["workflow_id"])
        runs.add_metric([workflow, names.get(workflow, ""), row["status"]], row["n"])
        backlog += row["n"]
        retry_waiting += row["n"] if row["status"] == "retry_wait" else 0
    yield runs
    yield GaugeMetricFamily(
        "ferry_queue_backlog", "Runs accepted and not finished, all workflows.", value=backlog
    )
    yield GaugeMetricFamily(
        "ferry_runs_retry_waiting", "Runs waiting for a retry of a step.", value=retry_waiting
    )
    parked = GaugeMetricFamily(
        "ferry_dead_letters",
        "Runs parked in the dead-letter queue now (waiting for a person to retry or discard).",
        labels=["workflow", "workflow_name"],
    )
    parked_rows = open_dead_letters().values("workflow_id").annotate(n=Count("id")).order_by()
    for parked_row in parked_rows:
        workflow = str(parked_row["workflow_id"])
        parked.add_metric([workflow, names.get(workflow, "")], parked_row["n"])
    yield parked
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    yield GaugeMetricFamily(
        "ferry_queue_oldest_seconds", "Age of the oldest unfinished run.", value=max(0.0, age)
    )


def _steps() -> Iterator[Metric]:
    steps = CounterMetricFamily(
        "ferry_steps", "Finished steps by node type and status.", labels=["node_type", "status"]
    )
    retries = CounterMetricFamily(
        "ferry_step_retries", "Steps that were a retry (attempt 2 or later).", labels=["node_type"]
    )
    seconds = CounterMetricFamily(
        "ferry_step_duration_seconds", "Time spent in steps.", labels=["node_type"]
    )
    rows = (
        NodeRollup.objects.values("node_type", "status")
        .annotate(n=Sum("steps"), r=Sum("retries"), ms=Sum("duration_ms_sum"))
        .order_by()
    )
    retried: dict[str, int] = defaultdict(int)
    spent: dict[str, float] = defaultdict(float)
    for row in rows:
        steps.add_metric([row["node_type"], row["status"]], row["n"])
        retried[row["node_type"]] += row["r"]
        spent[row["node_type"]] += row["ms"] / 1000
    for node_type, count in retried.items():
        retries.add_metric([node_type], count)
        seconds.add_metric([node_type], spent[node_type])
    yield from (steps, retries, seconds)


def _connections() -> Iterator[Metric]:
    calls = CounterMetricFamily(
        "ferry_connection_calls",
        "Steps that used a connection, by status.",
        labels=["connection", "connection_name", "status"],
    )
    errors = CounterMetricFamily(
        "ferry_connection_errors",
        "Steps that used a connection and failed.",
        labels=["connection", "connection_name"],
    )
    seconds = CounterMetricFamily(
        "ferry_connection_call_duration_seconds",
        "Time spent in steps that used a connection.",
        labels=["connection", "connection_name"],
    )
    up = GaugeMetricFamily(
        "ferry_connection_up",
        "1 if the connection's last health check passed, 0 if it failed (absent: never checked).",
        labels=["connection", "connection_name"],
    )
    paused = GaugeMetricFamily(
        "ferry_connection_paused", "1 if the connection is paused.", labels=["connection"]
    )
    connections = {str(c.pk): c for c in Connection.objects.all()}
    rows = (
        NodeRollup.objects.exclude(connection_id="")
        .values("connection_id", "status")
        .annotate(n=Sum("steps"), ms=Sum("duration_ms_sum"))
        .order_by()
    )
    failed: dict[str, int] = defaultdict(int)
    spent: dict[str, float] = defaultdict(float)
    for row in rows:
        pk = row["connection_id"]
        name = connections[pk].name if pk in connections else ""
        calls.add_metric([pk, name, row["status"]], row["n"])
        failed[pk] += row["n"] if row["status"] == "failed" else 0
        spent[pk] += row["ms"] / 1000
    for pk, seconds_spent in spent.items():
        name = connections[pk].name if pk in connections else ""
        errors.add_metric([pk, name], failed[pk])
        seconds.add_metric([pk, name], seconds_spent)
    for pk, connection in connections.items():
        if connection.last_ok is not None:
            up.add_metric([pk, connection.name], 1.0 if connection.last_ok else 0.0)
        paused.add_metric([pk], 1.0 if connection.paused else 0.0)
    yield from (calls, errors, seconds, up, paused)


def _workers() -> Iterator[Metric]:
    seen = GaugeMetricFamily(
        "ferry_worker_last_seen_seconds",
        "Seconds since each worker's last heartbeat.",
        labels=["worker", "kind"],
    )
    now = timezone.now()
    for worker in WorkerHeartbeat.objects.all():
        seen.add_metric([worker.name, worker.kind], (now - worker.seen_at).total_seconds())
    yield seen
    latest = WorkerHeartbeat.objects.aggregate(latest=Max("seen_at"))["latest"]
    if latest is not None:
        yield GaugeMetricFamily(
            "ferry_worker_heartbeat_timestamp_seconds",
            "Unix time of the newest worker heartbeat.",
            value=latest.timestamp(),
        )
