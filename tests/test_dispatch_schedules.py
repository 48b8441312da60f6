"""Schedule triggers fire once per due time, across restarts and competing schedulers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest

from backend.designer.models import Deployment, Workflow
from backend.runs.models import Run, RunMode, ScheduleState
from backend.runs.schedules import fire_due_schedules
from tests.conftest import WorkflowFactory

pytestmark = pytest.mark.django_db

DEPLOYED = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)


def every_five_minutes() -> dict[str, Any]:
    return {
        "schemaVersion": 1,
        "nodes": [
            {
                "id": "tick",
                "type": "core.trigger.schedule",
                "typeVersion": 1,
                "name": "Every five minutes",
                "config": {"cron": "*/5 * * * *", "timezone": "UTC"},
                "position": {"x": 0, "y": 0},
            }
        ],
        "edges": [],
        "settings": {},
    }


@pytest.fixture
def scheduled(make_workflow: WorkflowFactory) -> Workflow:
    workflow = make_workflow(every_five_minutes())
    Deployment.objects.filter(workflow=workflow).update(deployed_at=DEPLOYED)
    return workflow


def at(minutes: float) -> datetime:
    return DEPLOYED + timedelta(minutes=minutes)


def scheduled_at(run: Run) -> str:
    assert isinstance(run.input, dict)
    return str(run.input["scheduledAt"])


def test_it_fires_when_the_due_time_comes_and_only_once(scheduled: Workflow) -> None:
    assert fire_due_schedules(at(3)) == []  # 09:04, nothing due since the 09:01 deploy

    fired = fire_due_schedules(at(4))  # 09:05
    again = fire_due_schedules(at(4.5))

    assert len(fired) == 1
    assert again == []
    run = fired[0]
    assert (run.mode, run.trigger_node_id, run.workflow_id) == (
        RunMode.SCHEDULE,
        "tick",
        scheduled.pk,
    )
    assert scheduled_at(run) == "2026-03-02T09:05:00+00:00"


def test_it_fires_each_due_time_in_turn(scheduled: Workflow) -> None:
    fire_due_schedules(at(0))

    fired = [fire_due_schedules(at(minutes)) for minutes in (4, 9, 14)]

    assert [len(runs) for runs in fired] == [1, 1, 1]
    assert [scheduled_at(runs[0])[11:16] for runs in fired] == ["09:05", "09:10", "09:15"]


def test_it_fires_once_for_the_times_missed_while_down(scheduled: Workflow) -> None:
    fire_due_schedules(at(4))

    fired = fire_due_schedules(at(62))  # down from 09:06 to 10:03

    assert len(fired) == 1
    assert scheduled_at(fired[0]) == "2026-03-02T10:00:00+00:00"
    assert ScheduleState.objects.get(workflow=scheduled).last_fired_at == at(59)


def test_it_does_not_fire_twice_when_two_schedulers_read_the_same_state(
    scheduled: Workflow,
) -> None:
    fire_due_schedules(at(0))
    read_by_both = ScheduleState.objects.get(workflow=scheduled)

    first = fire_due_schedules(at(4))
    with mock.patch("backend.runs.schedules.schedule_state", return_value=read_by_both):
        second = fire_due_schedules(at(4))

    assert len(first) == 1
    assert second == []
    assert Run.objects.filter(workflow=scheduled).count() == 1


def test_it_does_not_fire_for_a_paused_workflow(scheduled: Workflow) -> None:
    scheduled.paused = True
    scheduled.save()

    assert fire_due_schedules(at(10)) == []
