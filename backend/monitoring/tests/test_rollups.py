"""Rollups: counted when the runtime finishes a run, and rebuilt identically from stored runs."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from backend.designer.models import Workflow
from backend.monitoring.models import NodeRollup, RunRollup
from backend.monitoring.rollups import latency_bucket, rebuild_run_rollups
from backend.monitoring.tests.factories import FAILING_EXPRESSION, deployed_workflow, execute

pytestmark = pytest.mark.django_db


def counts() -> dict[tuple[str, str], int]:
    rows = RunRollup.objects.values("workflow_id", "status").annotate(n=Sum("runs"))
    return {(str(r["workflow_id"]), r["status"]): r["n"] for r in rows}


def test_it_counts_runs_when_the_runtime_finishes_them(workflow: Workflow) -> None:
    broken = deployed_workflow("Broken orders", expression=FAILING_EXPRESSION)

    assert execute(workflow).status == "succeeded"
    assert execute(workflow).status == "succeeded"
    failed = execute(broken)

    assert failed.status in {"failed", "dead_lettered"}
    assert counts() == {(str(workflow.pk), "succeeded"): 2, (str(broken.pk), failed.status): 1}


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


def test_it_rebuilds_the_same_rollups_from_stored_runs(workflow: Workflow) -> None:
    for _ in range(3):
        execute(workflow)
    execute(deployed_workflow("Broken", expression=FAILING_EXPRESSION))
    incremental = counts()

    assert rebuild_run_rollups() == 4
    assert counts() == incremental


def test_it_puts_latencies_in_buckets_by_upper_bound() -> None:
    assert latency_bucket(0.01) == 0
    assert latency_bucket(0.05) == 0
    assert latency_bucket(0.051) == 1
    assert latency_bucket(7200) == 13
