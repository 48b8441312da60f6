"""Once-a-minute gauge samples (backlog, retry waits, dead letters) and the dashboard series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.designer.models import Workflow
from backend.monitoring.gauges import prune_gauges, sample_gauges
from backend.monitoring.housekeeping import housekeeping
from backend.monitoring.models import GaugeSample
from backend.monitoring.stats import WINDOWS, overview
from backend.monitoring.tests.factories import deployed_workflow, finished_run, park, pending_run

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, 20, tzinfo=UTC)


def _row(workflow: Workflow | None) -> tuple[int, int, int]:
    sample = GaugeSample.objects.get(workflow=workflow)
    return sample.backlog, sample.retry_waits, sample.dead_letters


def test_it_samples_backlog_waits_and_open_dead_letters(workflow: Workflow) -> None:
    other = deployed_workflow("Stock")
    for status in ("queued", "running", "retry_wait", "retry_wait"):
        pending_run(workflow, status, NOW)
    pending_run(other, "queued", NOW)
    park(finished_run(workflow, "failed", NOW, 1))
    resolved = park(finished_run(other, "failed", NOW, 1))
    resolved.status = "discarded"
    resolved.save()
    finished_run(workflow, "succeeded", NOW, 1)  # finished runs are not backlog

    assert sample_gauges(NOW)

    assert _row(None) == (5, 2, 1)
    assert _row(workflow) == (4, 2, 1)
    assert _row(other) == (1, 0, 0)
    assert GaugeSample.objects.get(workflow=None).at == NOW.replace(second=0)


def test_it_samples_at_most_once_a_minute(workflow: Workflow) -> None:
    pending_run(workflow, "queued", NOW)
    assert sample_gauges(NOW)
    pending_run(workflow, "queued", NOW)

    assert not sample_gauges(NOW + timedelta(seconds=30))
    assert _row(None) == (1, 0, 0)

    assert sample_gauges(NOW + timedelta(seconds=40))
    assert GaugeSample.objects.filter(workflow=None).count() == 2


def test_it_samples_from_housekeeping_once_per_minute(workflow: Workflow) -> None:
    pending_run(workflow, "retry_wait", NOW)

    housekeeping("test", "embedded", force=True)
    housekeeping("test", "embedded", force=True)

    samples = GaugeSample.objects.filter(workflow=None)
    assert samples.count() in (1, 2)  # two calls may straddle a minute boundary
    assert {sample.retry_waits for sample in samples} == {1}


def test_it_forgets_samples_after_eight_days(workflow: Workflow) -> None:
    sample_gauges(NOW - timedelta(days=8, minutes=1))
    sample_gauges(NOW - timedelta(days=7))

    prune_gauges(NOW)

    assert list(GaugeSample.objects.values_list("at", flat=True)) == [
        NOW - timedelta(days=7, seconds=20)
    ]


def test_it_serves_the_last_sample_of_each_bucket(workflow: Workflow) -> None:
    pending_run(workflow, "queued", NOW)
    sample_gauges(NOW - timedelta(minutes=12))  # bucket 10:15, overwritten below
    pending_run(workflow, "retry_wait", NOW)
    sample_gauges(NOW - timedelta(minutes=11))
    park(finished_run(workflow, "failed", NOW, 1))
    sample_gauges(NOW - timedelta(minutes=2))  # bucket 10:15 is 10:15-10:29

    day = overview(WINDOWS["24h"], NOW)["gauges"]
    hour = overview(WINDOWS["1h"], NOW, str(workflow.pk))["gauges"]

    assert len(day) == 97
    assert day[-2] == {
        "at": "2026-03-02T10:15:00Z",
        "backlog": 2,
        "retryWaits": 1,
        "deadLetters": 1,
    }
    assert day[-1] == {
        "at": "2026-03-02T10:30:00Z",
        "backlog": None,
        "retryWaits": None,
        "deadLetters": None,
    }
    assert day[-3]["backlog"] is None
    by_time = {point["at"]: point for point in hour}
    assert len(hour) == 61
    assert by_time["2026-03-02T10:18:00Z"] == {
        "at": "2026-03-02T10:18:00Z",
        "backlog": 1,
        "retryWaits": 0,
        "deadLetters": 0,
    }
    assert by_time["2026-03-02T10:19:00Z"]["retryWaits"] == 1
    assert by_time["2026-03-02T10:20:00Z"]["backlog"] is None
