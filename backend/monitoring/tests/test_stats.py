"""``GET /api/v1/stats/overview``: series, success rate, latency percentiles, backlog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from backend.designer.models import Workflow
from backend.monitoring.stats import WINDOWS, overview, percentile
from backend.monitoring.tests.factories import deployed_workflow, finished_run, park, pending_run

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, 20, tzinfo=UTC)


def test_it_sizes_series_points_for_the_window(workflow: Workflow) -> None:
    hour = overview(WINDOWS["1h"], NOW)
    day = overview(WINDOWS["24h"], NOW)
    week = overview(WINDOWS["7d"], NOW)

    assert (len(hour["series"]), hour["bucketMinutes"]) == (61, 1)
    assert (len(day["series"]), day["bucketMinutes"]) == (97, 15)
    assert (len(week["series"]), week["bucketMinutes"]) == (169, 60)
    assert hour["from"] == "2026-03-02T09:30:00Z"
    assert week["series"][-1]["at"] == "2026-03-02T10:00:00Z"


def test_it_counts_runs_per_minute_and_the_success_rate(workflow: Workflow) -> None:
    minute = NOW.replace(second=0) - timedelta(minutes=5)
    for _ in range(3):
        finished_run(workflow, "succeeded", minute, 0.2)
    finished_run(workflow, "failed", minute, 0.3)
    park(finished_run(workflow, "failed", minute, 0.3))
    finished_run(workflow, "superseded", minute, 0.1)  # neither a success nor a failure
    finished_run(workflow, "succeeded", NOW - timedelta(hours=2), 0.2)  # outside the hour

    stats = overview(WINDOWS["1h"], NOW)

    point = next(p for p in stats["series"] if p["at"] == "2026-03-02T10:25:00Z")
    assert point == {
        "at": "2026-03-02T10:25:00Z",
        "succeeded": 3,
        "failed": 2,
        "dead_lettered": 0,
        "cancelled": 0,
        "superseded": 1,
        "total": 6,
        "runsPerMinute": 6.0,
        "p50Ms": 200.0,
        "p95Ms": 462.5,
    }
    assert stats["totals"]["finished"] == 6
    assert stats["successRate"] == 0.6
    assert stats["failed"] == 2
    assert stats["deadLetters"] == 1


def test_it_averages_runs_per_minute_over_wider_points(workflow: Workflow) -> None:
    for minutes in (1, 2, 3):
        finished_run(workflow, "succeeded", NOW - timedelta(minutes=minutes), 1)

    points = overview(WINDOWS["24h"], NOW)["series"]

    assert points[-2]["at"] == "2026-03-02T10:15:00Z"
    assert points[-2]["total"] == 3
    assert points[-2]["runsPerMinute"] == 0.2
    assert points[-1]["total"] == 0


def test_it_reads_latency_percentiles_from_the_histogram(workflow: Workflow) -> None:
    start = NOW - timedelta(minutes=20)
    for _ in range(90):
        finished_run(workflow, "succeeded", start, 0.07)  # bucket 0.05-0.1 s
    for _ in range(10):
        finished_run(workflow, "succeeded", start, 4)  # bucket 2.5-5 s

    latency = overview(WINDOWS["1h"], NOW)["latencyMs"]

    assert 50 <= latency["p50"] <= 100
    assert 2500 <= latency["p95"] <= 5000
    assert latency["mean"] == pytest.approx((90 * 70 + 10 * 4000) / 100, abs=1)


def test_it_gives_each_series_point_its_own_latency_percentiles(workflow: Workflow) -> None:
    quick = NOW.replace(second=0) - timedelta(minutes=10)
    slow = NOW.replace(second=0) - timedelta(minutes=4)
    for _ in range(4):
        finished_run(workflow, "succeeded", quick, 0.07)  # bucket 0.05-0.1 s
    finished_run(workflow, "succeeded", slow, 0.07)
    finished_run(workflow, "failed", slow, 4)  # bucket 2.5-5 s

    points = {p["at"]: p for p in overview(WINDOWS["1h"], NOW)["series"]}

    assert (points["2026-03-02T10:20:00Z"]["p50Ms"], points["2026-03-02T10:20:00Z"]["p95Ms"]) == (
        75.0,
        97.5,
    )
    assert points["2026-03-02T10:26:00Z"]["p50Ms"] == 100.0
    assert points["2026-03-02T10:26:00Z"]["p95Ms"] == 4750.0
    assert points["2026-03-02T10:23:00Z"]["p50Ms"] is None
    assert points["2026-03-02T10:23:00Z"]["p95Ms"] is None


def test_it_interpolates_inside_a_bucket_and_stops_at_the_open_one() -> None:
    counts = [0] * 14
    counts[1] = 10  # 50-100 ms

    assert percentile(counts, 0.5) == 75.0
    assert percentile([0] * 13 + [5], 0.95) == 3600 * 1000


def test_it_filters_by_workflow_and_reports_the_backlog(workflow: Workflow) -> None:
    other = deployed_workflow("Stock")
    finished_run(other, "failed", NOW - timedelta(minutes=3), 1)
    pending_run(workflow, "queued", NOW - timedelta(minutes=4))
    pending_run(workflow, "retry_wait", NOW - timedelta(minutes=1))
    pending_run(other, "running", NOW)

    mine = overview(WINDOWS["1h"], NOW, str(workflow.pk))

    assert mine["totals"]["finished"] == 0
    assert mine["successRate"] is None
    assert mine["latencyMs"] == {"p50": None, "p95": None, "mean": None}
    assert mine["backlog"] == {
        "total": 2,
        "queued": 1,
        "running": 0,
        "retryWait": 1,
        "oldestAgeSeconds": 240.0,
    }
    assert mine["retryWaits"] == 1


def test_it_answers_the_api_with_a_window_and_a_workflow(
    api: APIClient, workflow: Workflow
) -> None:
    response = api.get(f"/api/v1/stats/overview?window=24h&workflow={workflow.pk}")

    assert response.status_code == 200
    assert response.json()["window"] == "24h"
    assert response.json()["workflow"] == str(workflow.pk)


@pytest.mark.parametrize(
    ("query", "field"),
    [("window=2h", "window"), ("workflow=nope", "workflow"), (f"workflow={'0' * 32}", "workflow")],
)
def test_it_rejects_unknown_windows_and_workflows(api: APIClient, query: str, field: str) -> None:
    response = api.get(f"/api/v1/stats/overview?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["problems"][0]["field"] == field


def test_it_requires_a_signed_in_user() -> None:
    assert APIClient().get("/api/v1/stats/overview").status_code == 403
