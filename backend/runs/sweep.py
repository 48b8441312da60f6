"""The sweep: finds runs nobody is executing (a lost doorbell, a dead worker, a due retry)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from backend.runs.execution import runnable_runs
from backend.runs.models import Run, RunMode, RunStatus

SWEEP_BATCH = 500


def stranded_run_ids(limit: int = SWEEP_BATCH) -> list[str]:
    """Runs that should be executing and may have no doorbell pending, oldest first.

    Runs whose lease expired are put back to ``queued`` first, so the run list shows the truth.
    Fresh queued runs are left alone for a few seconds: their own doorbell is still ringing.
    """
    now = timezone.now()
    requeued = _requeue_abandoned(now, limit)
    grace = now - timedelta(seconds=max(2, settings.FERRY_SWEEP_SECONDS))
    waiting = (
        runnable_runs()
        .exclude(status=RunStatus.QUEUED, created_at__gt=grace)
        .order_by("created_at")
        .values_list("id", flat=True)[:limit]
    )
    ids = requeued + [str(run_id) for run_id in waiting if str(run_id) not in requeued]
    return ids[:limit]


def _requeue_abandoned(now: datetime, limit: int) -> list[str]:
    abandoned = Run.objects.filter(status=RunStatus.RUNNING, lease_expires_at__lt=now).exclude(
        mode=RunMode.TEST
    )
    with transaction.atomic():
        locked = abandoned
        if connection.features.has_select_for_update_skip_locked:
            # Two sweeps (or a sweep and a worker) never wait on each other's rows.
            locked = abandoned.select_for_update(skip_locked=True)
        ids = [str(run_id) for run_id in locked.values_list("id", flat=True)[:limit]]
        if ids:
            abandoned.filter(pk__in=ids).update(
                status=RunStatus.QUEUED, lease_owner="", lease_expires_at=None
            )
    return ids
