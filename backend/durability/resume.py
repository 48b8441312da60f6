"""Runs held by a paused connection go again the moment it is resumed, not at their next look."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.runs.dispatch import ring_after_commit
from backend.runs.models import Run, RunStatus, Step


def wake_runs_held_by(connection_id: str) -> int:
    """Make every run suspended on ``connection_id`` due now; returns how many."""
    suspended = Step.objects.filter(
        status="waiting", error__code="run.suspended", run__status=RunStatus.RETRY_WAIT
    ).values_list("run_id", "error")
    # The suspension's message names the connection (see the executor's gate).
    held = {
        run_id for run_id, error in suspended if connection_id in str((error or {}).get("message"))
    }
    with transaction.atomic():
        runs = list(Run.objects.filter(pk__in=held, status=RunStatus.RETRY_WAIT))
        Run.objects.filter(pk__in=[r.pk for r in runs]).update(due_at=timezone.now())
        for run in runs:
            ring_after_commit(run)
    return len(runs)


def on_pause_changed(sender: Any, connection: Any, paused: bool, **kwargs: Any) -> None:
    """Monitoring's ``pause_changed`` signal: forget cached rules; a resumed connection wakes
    its runs."""
    from backend.durability.limits import gate

    gate.forget()
    if not paused:
        wake_runs_held_by(str(connection.pk))
