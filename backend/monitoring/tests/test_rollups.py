"""Rollups: counted when the runtime finishes a run, and rebuilt identically from stored runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError
from django.db.models import Sum
from django.utils import timezone

from backend.designer.models import Workflow
from backend.monitoring.models import HourRollup, MinuteRollup, NodeRollup, RunTotal
from backend.monitoring.rollups import (
    BUCKET_FIELDS,
    PendingCounts,
    RollupBuffer,
    latency_bucket,
    prune_rollups,
    rebuild_run_rollups,
)
from backend.monitoring.stats import WINDOWS, overview
from backend.monitoring.tests.factories import (
    FAILING_EXPRESSION,
    deployed_workflow,
    execute,
    finished_run,
)
from workflows.run_store import StepRecord

pytestmark = pytest.mark.django_db


def counts(model: Any = RunTotal) -> dict[tuple[str, str], int]:
    rows = model.objects.values("workflow_id", "status").annotate(n=Sum("runs"))
    return {(str(r["workflow_id"]), r["status"]): r["n"] for r in rows}


def histograms(model: Any) -> dict[tuple[str, str], list[int]]:
    return {
        (str(row.workflow_id), row.status): [getattr(row, f) for f in BUCKET_FIELDS]
        for row in model.objects.all()
    }


def test_it_counts_runs_when_the_runtime_finishes_them(workflow: Workflow) -> None:
    broken = deployed_workflow("Broken orders", expression=FAILING_EXPRESSION)

    assert execute(workflow).status == "succeeded"
    assert execute(workflow).status == "succeeded"
    failed = execute(broken)

    assert failed.status in {"failed", "dead_lettered"}
    expected = {(str(workflow.pk), "succeeded"): 2, (str(broken.pk), failed.status): 1}
    assert counts(RunTotal) == counts(HourRollup) == counts(MinuteRollup) == expected
    assert sum(histograms(RunTotal)[(str(workflow.pk), "succeeded")]) == 2


def test_it_counts_steps_per_node_with_their_type(workflow: Workflow) -> None:
    execute(workflow)

    rows = {
        (row.node_id, row.node_type, row.status): row.steps
        for row in NodeRollup.objects.filter(workflow=workflow)
    }
    assert rows == {
        ("hook", "core.trigger.webhook", "succeeded"): 1,
        ("map", "core.jsonata.map", "succeeded"): 1,
    }


def test_it_leaves_designer_test_runs_out(workflow: Workflow) -> None:
    execute(workflow, mode="test")

    assert counts() == {}
    assert not MinuteRollup.objects.exists()


def test_it_rebuilds_the_same_rollups_from_stored_runs(workflow: Workflow) -> None:
    for _ in range(3):
        execute(workflow)
    execute(deployed_workflow("Broken", expression=FAILING_EXPRESSION))
    incremental = [histograms(model) for model in (RunTotal, HourRollup, MinuteRollup)]
    sums = [model.objects.aggregate(s=Sum("duration_ms_sum"))["s"] for model in (RunTotal,)]

    assert rebuild_run_rollups() == 4
    assert [histograms(model) for model in (RunTotal, HourRollup, MinuteRollup)] == incremental
    rebuilt = RunTotal.objects.aggregate(s=Sum("duration_ms_sum"))["s"]
    assert abs(rebuilt - sums[0]) <= 4  # milliseconds are rounded per run, then per group


def test_it_forgets_old_minutes_and_hours(workflow: Workflow) -> None:
    now = timezone.now()
    finished_run(workflow, "succeeded", now - timedelta(days=3), 1)
    finished_run(workflow, "succeeded", now - timedelta(days=40), 1)

    prune_rollups(now)

    assert MinuteRollup.objects.count() == 0
    assert HourRollup.objects.count() == 1
    assert RunTotal.objects.get().runs == 2


def test_it_puts_latencies_in_buckets_by_upper_bound() -> None:
    assert latency_bucket(0.01) == 0
    assert latency_bucket(0.05) == 0
    assert latency_bucket(0.051) == 1
    assert latency_bucket(7200) == 13


@pytest.fixture
def buffered(settings: Any) -> Iterator[RollupBuffer]:
    """A buffer as a worker runtime holds it, whose own thread does not flush during the test."""
    settings.FERRY_ROLLUP_FLUSH_SECONDS = 3600
    held = RollupBuffer()
    held.start()
    with mock.patch("backend.monitoring.rollups.buffer", held):
        yield held
    held.stop()


def test_it_holds_counts_in_a_worker_until_it_writes_them_together(
    workflow: Workflow, buffered: RollupBuffer
) -> None:
    execute(workflow)
    execute(workflow)
    assert not RunTotal.objects.exists()

    assert buffered.flush() == 2
    execute(workflow)
    assert buffered.flush() == 1

    expected = {(str(workflow.pk), "succeeded"): 3}
    assert counts(RunTotal) == counts(HourRollup) == counts(MinuteRollup) == expected
    steps = {row.node_id: row.steps for row in NodeRollup.objects.filter(workflow=workflow)}
    assert steps == {"hook": 3, "map": 3}
    assert sum(histograms(RunTotal)[(str(workflow.pk), "succeeded")]) == 3


def test_it_shows_held_counts_on_the_dashboard(workflow: Workflow, buffered: RollupBuffer) -> None:
    execute(workflow)

    assert overview(WINDOWS["1h"], timezone.now())["totals"]["succeeded"] == 1


def test_it_keeps_counts_it_could_not_write_for_the_next_try(
    workflow: Workflow, buffered: RollupBuffer
) -> None:
    execute(workflow)
    with mock.patch.object(RunTotal._meta, "db_table", "no_such_table"):
        with pytest.raises(DatabaseError):
            buffered.flush()
    execute(workflow)

    assert buffered.flush() == 2
    assert counts(RunTotal) == {(str(workflow.pk), "succeeded"): 2}


def test_it_writes_what_it_holds_when_the_worker_stops(
    workflow: Workflow, buffered: RollupBuffer
) -> None:
    execute(workflow)

    buffered.stop()
    execute(workflow)  # no longer buffering: written at once

    assert counts(RunTotal) == {(str(workflow.pk), "succeeded"): 2}


def test_it_keeps_the_latest_step_time_when_counts_arrive_out_of_order(
    workflow: Workflow,
) -> None:
    later, earlier = timezone.now(), timezone.now() - timedelta(minutes=5)
    for finished_at in (later, earlier):
        step = StepRecord("1", "map", 1, "succeeded", {}, started_at=finished_at)
        step.finished_at = finished_at
        pending = PendingCounts()
        pending.add_steps(workflow.pk, {"map": ("core.jsonata.map", "")}, [step])
        pending.write()

    row = NodeRollup.objects.get(workflow=workflow, node_id="map")
    assert (row.steps, row.last_at) == (2, later)
