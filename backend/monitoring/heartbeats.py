"""Worker heartbeats: each worker records that it is alive; readiness asks who was seen lately."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from backend.monitoring.models import WorkerHeartbeat


def beat(name: str, kind: str) -> None:
    """Record that worker ``name`` is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"kind": kind, "seen_at": timezone.now()}
    )


FORGET_AFTER = timedelta(days=7)
"""Workers silent this long are gone (a replaced container); their rows are deleted."""


def forget_departed() -> None:
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()


def recent_workers() -> list[WorkerHeartbeat]:
    """Workers seen within ``FERRY_WORKER_STALE_SECONDS``, newest first."""
    since = timezone.now() - timedelta(seconds=settings.FERRY_WORKER_STALE_SECONDS)
    return list(WorkerHeartbeat.objects.filter(seen_at__gte=since).order_by("-seen_at"))
