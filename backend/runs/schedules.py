"""Schedule triggers: start a run when a deployed workflow's cron comes due, exactly once.

The last due time fired is stored per (workflow, node). Fires missed while Ferry was down are
collapsed into one run for the latest missed time; a conditional update of that stored time in
the same transaction as the run makes two schedulers (or a restart) unable to fire twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.designer.models import Deployment, Workflow, WorkflowVersion
from backend.runs.dispatch import new_run
from backend.runs.models import Run, RunMode, ScheduleState
from workflows.nodes.schedule import next_fire_time
from workflows.sdk import Node
from workflows.sdk.spec import TriggerMode
from workflows.trigger_modes import started_by

log = logging.getLogger(__name__)

CRON_MODES: tuple[TriggerMode, ...] = ("schedule", "poll")
MAX_CATCH_UP_STEPS = 100_000


def fire_due_schedules(now: datetime | None = None) -> list[Run]:
    """Start one run per schedule or polling trigger whose next due time is not after ``now``."""
    now = now or timezone.now()
    fired = []
    deployed = Workflow.objects.filter(active_version__isnull=False, paused=False)
    for workflow_id, version_id in deployed.values_list("id", "active_version_id"):
        for node_id, config in _schedule_nodes(version_id):
            run = _fire_if_due(str(workflow_id), version_id, node_id, config, now)
            if run is not None:
                fired.append(run)
    return fired


@lru_cache(maxsize=1024)
def _schedule_nodes(version_id: int) -> tuple[tuple[str, dict[str, Any]], ...]:
    # Versions never change, so their schedule nodes can be remembered by version id.
    # Schedules and polling triggers (a PrestaShop trigger in poll mode) both fire on cron.
    document = WorkflowVersion.objects.values_list("document", flat=True).get(pk=version_id)
    return tuple(
        (str(node["id"]), {**_cron_defaults(kind), **(node.get("config") or {})})
        for node, kind in started_by(document, CRON_MODES)
    )


def _cron_defaults(kind: type[Node]) -> dict[str, Any]:
    fields = kind.spec.config_schema.get("properties", {})
    return {
        name: fields[name]["default"]
        for name in ("cron", "timezone")
        if isinstance(fields.get(name), dict) and "default" in fields[name]
    }


def _fire_if_due(
    workflow_id: str, version_id: int, node_id: str, config: dict[str, Any], now: datetime
) -> Run | None:
    state = schedule_state(workflow_id, node_id, now)
    try:
        due = latest_due_time(config, state.last_fired_at, now)
    except ValueError as exc:
        log.warning("Schedule %s of workflow %s cannot fire: %s", node_id, workflow_id, exc)
        return None
    if due is None:
        return None
    with transaction.atomic():
        taken = ScheduleState.objects.filter(pk=state.pk, last_fired_at=state.last_fired_at)
        if not taken.update(last_fired_at=due):
            return None
        workflow = Workflow.objects.get(pk=workflow_id)
        version = WorkflowVersion.objects.get(pk=version_id)
        payload = {"scheduledAt": due.isoformat(), "firedAt": now.isoformat()}
        return new_run(
            workflow, version, mode=RunMode.SCHEDULE, payload=payload, trigger_node_id=node_id
        )


def schedule_state(workflow_id: str, node_id: str, now: datetime) -> ScheduleState:
    """The stored state of a schedule trigger, created at its first sight."""
    # Counting starts at the deploy, so times before the schedule existed never fire.
    state, _ = ScheduleState.objects.get_or_create(
        workflow_id=workflow_id,
        node_id=node_id,
        defaults={"last_fired_at": _deployed_at(workflow_id) or now},
    )
    return state


def latest_due_time(config: dict[str, Any], last: datetime, now: datetime) -> datetime | None:
    """The latest fire time after ``last`` and not after ``now``, or None when none is due."""
    due = None
    candidate = next_fire_time(config, last)
    for _ in range(MAX_CATCH_UP_STEPS):
        if candidate > now:
            break
        due = candidate
        candidate = next_fire_time(config, candidate)
    return due


def _deployed_at(workflow_id: str) -> datetime | None:
    return (
        Deployment.objects.filter(workflow_id=workflow_id)
        .order_by("-deployed_at")
        .values_list("deployed_at", flat=True)
        .first()
    )
