"""Dashboard statistics over a window, from the run rollups and the runs table's status index."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Sum

from backend.monitoring.models import GaugeSample, HourRollup, MinuteRollup, RunCounts
from backend.monitoring.rollups import BUCKET_FIELDS, LATENCY_BOUNDS, write_pending
from backend.monitoring.statuses import (
    FAILURES,
    FINAL,
    IN_PROGRESS,
    SUCCEEDED,
    open_dead_letters,
)
from backend.runs.models import Run, RunMode


@dataclass(frozen=True)
class Window:
    name: str
    length: timedelta
    bucket_minutes: int
    """Width of one point of the series: 60 points an hour, 96 a day, 168 a week."""
    rollup: type[RunCounts]
    """Minute rollups for the short windows, hour rollups for the week."""


WINDOWS = {
    "1h": Window("1h", timedelta(hours=1), 1, MinuteRollup),
    "24h": Window("24h", timedelta(hours=24), 15, MinuteRollup),
    "7d": Window("7d", timedelta(days=7), 60, HourRollup),
}


def overview(window: Window, now: datetime, workflow_id: str | None = None) -> dict[str, Any]:
    write_pending()
    start = _floor(now - window.length, window.bucket_minutes)
    manager: Any = window.rollup._default_manager
    rollups = manager.filter(start__gte=start, start__lte=now)
    if workflow_id:
        rollups = rollups.filter(workflow_id=workflow_id)
    series, totals = _series(rollups, start, now, window)
    finished = sum(totals.values())
    failed = sum(totals[status] for status in FAILURES)
    judged = totals[SUCCEEDED] + failed
    return {
        "window": window.name,
        "workflow": workflow_id,
        "from": _iso(start),
        "to": _iso(now),
        "bucketMinutes": window.bucket_minutes,
        "series": series,
        "totals": {"finished": finished, **{status: totals[status] for status in FINAL}},
        "successRate": totals[SUCCEEDED] / judged if judged else None,
        "latencyMs": _latency(rollups),
        "failed": failed,
        "gauges": _gauges(start, now, window, workflow_id),
        **_backlog(now, workflow_id),
    }


def _floor(moment: datetime, minutes: int) -> datetime:
    moment = moment.replace(second=0, microsecond=0)
    since_midnight = moment.hour * 60 + moment.minute
    return moment - timedelta(minutes=since_midnight % minutes)


def _series(
    rollups: Any, start: datetime, now: datetime, window: Window
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    width = timedelta(minutes=window.bucket_minutes)
    points: list[dict[str, Any]] = []
    at = start
    while at <= now:
        points.append({"at": _iso(at), **dict.fromkeys(FINAL, 0)})
        at += width
    totals = dict.fromkeys(FINAL, 0)
    histograms = [[0] * len(BUCKET_FIELDS) for _ in points]
    # Aliased: an annotation may not share a name with a model field.
    sums = {f"sum_{field}": Sum(field) for field in BUCKET_FIELDS}
    rows = rollups.values("start", "status").annotate(n=Sum("runs"), **sums).order_by()
    for row in rows:
        index = int((row["start"] - start) / width)
        if 0 <= index < len(points) and row["status"] in totals:
            points[index][row["status"]] += row["n"]
            totals[row["status"]] += row["n"]
            for bucket, field in enumerate(BUCKET_FIELDS):
                histograms[index][bucket] += row[f"sum_{field}"] or 0
    for point, histogram in zip(points, histograms, strict=True):
        point["total"] = sum(point[status] for status in FINAL)
        point["runsPerMinute"] = round(point["total"] / window.bucket_minutes, 3)
        finished = any(histogram)
        point["p50Ms"] = percentile(histogram, 0.50) if finished else None
        point["p95Ms"] = percentile(histogram, 0.95) if finished else None
    return points, totals


def _latency(rollups: Any) -> dict[str, float | None]:
    sums = {field: Sum(field) for field in BUCKET_FIELDS}
    totals = rollups.aggregate(runs=Sum("runs"), spent=Sum("duration_ms_sum"), **sums)
    if not totals["runs"]:
        return {"p50": None, "p95": None, "mean": None}
    counts = [totals[field] or 0 for field in BUCKET_FIELDS]
    return {
        "p50": percentile(counts, 0.50),
        "p95": percentile(counts, 0.95),
        "mean": round(totals["spent"] / totals["runs"], 1),
    }


def percentile(counts: list[int], quantile: float) -> float:
    """The ``quantile`` of a latency histogram in milliseconds, interpolated inside its bucket.

    The top bucket has no upper bound, so a quantile landing there reports its lower bound.
    """
    wanted = quantile * sum(counts)
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= wanted:
            lower = LATENCY_BOUNDS[index - 1] if index else 0.0
            if index == len(LATENCY_BOUNDS):
                return lower * 1000
            upper = LATENCY_BOUNDS[index]
            share = (wanted - seen) / count
            return round((lower + (upper - lower) * share) * 1000, 1)
        seen += count
    return LATENCY_BOUNDS[-1] * 1000


def _backlog(now: datetime, workflow_id: str | None) -> dict[str, Any]:
    runs = Run.objects.exclude(mode=RunMode.TEST)
    if workflow_id:
        runs = runs.filter(workflow_id=workflow_id)
    pending = runs.filter(status__in=IN_PROGRESS)
    by_status = {
        row["status"]: row["n"]
        for row in pending.values("status").annotate(n=Count("id")).order_by()
    }
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    return {
        "backlog": {
            "total": sum(by_status.values()),
            "queued": by_status.get("queued", 0),
            "running": by_status.get("running", 0),
            "retryWait": by_status.get("retry_wait", 0),
            "oldestAgeSeconds": round((now - oldest).total_seconds(), 1) if oldest else None,
        },
        "retryWaits": by_status.get("retry_wait", 0),
        "deadLetters": open_dead_letters(workflow_id).count(),
    }


def _gauges(
    start: datetime, now: datetime, window: Window, workflow_id: str | None
) -> list[dict[str, Any]]:
    """Gauge samples on the series' buckets: the last sample in each, null where none."""
    width = timedelta(minutes=window.bucket_minutes)
    points: list[dict[str, Any]] = []
    at = start
    while at <= now:
        points.append({"at": _iso(at), "backlog": None, "retryWaits": None, "deadLetters": None})
        at += width
    samples = GaugeSample.objects.filter(at__gte=start, at__lte=now)
    samples = (
        samples.filter(workflow_id=workflow_id) if workflow_id else samples.filter(workflow=None)
    )
    for sample in samples.order_by("at"):
        index = int((sample.at - start) / width)
        if 0 <= index < len(points):
            points[index].update(
                backlog=sample.backlog,
                retryWaits=sample.retry_waits,
                deadLetters=sample.dead_letters,
            )
    return points


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
