"""Once-a-minute samples of backlog, retry waits and open dead letters, for the dashboard charts."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Count

from backend.monitoring.models import GaugeSample
from backend.monitoring.statuses import IN_PROGRESS, open_dead_letters
from backend.runs.models import Run, RunMode

SAMPLES_KEPT = timedelta(days=8)
"""Longer than the widest dashboard window (7 d)."""


def sample_gauges(now: datetime) -> bool:
    """Store this minute's samples unless they exist already; returns whether it wrote them.

    Housekeeping runs about every 30 s in each process, so most calls find the minute taken.
    """
    minute = now.replace(second=0, microsecond=0)
    if GaugeSample.objects.filter(at=minute, workflow=None).exists():
        return False
    backlog: Counter[UUID | None] = Counter()
    waits: Counter[UUID | None] = Counter()
    dead: Counter[UUID | None] = Counter()
    pending = Run.objects.exclude(mode=RunMode.TEST).filter(status__in=IN_PROGRESS)
    for row in pending.values("workflow_id", "status").annotate(n=Count("id")).order_by():
        for key in (row["workflow_id"], None):
            backlog[key] += row["n"]
            if row["status"] == "retry_wait":
                waits[key] += row["n"]
    for row in open_dead_letters().values("workflow_id").annotate(n=Count("id")).order_by():
        dead[row["workflow_id"]] += row["n"]
        dead[None] += row["n"]
    keys = set(backlog) | set(dead) | {None}
    rows = [
        GaugeSample(
            at=minute,
            workflow_id=key,
            backlog=backlog[key],
            retry_waits=waits[key],
            dead_letters=dead[key],
        )
        for key in keys
    ]
    try:
        with transaction.atomic():
            GaugeSample.objects.bulk_create(rows)
    except IntegrityError:
        return False  # another process sampled this minute first
    return True


def prune_gauges(now: datetime) -> None:
    GaugeSample.objects.filter(at__lt=now - SAMPLES_KEPT).delete()
