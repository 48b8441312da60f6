"""Celery side of monitoring: heartbeats from workers, alert evaluation on beat's schedule."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from backend.monitoring.heartbeats import beat
from backend.monitoring.housekeeping import housekeeping


@shared_task(bind=True, ignore_result=True)
def housekeeping_task(self: Task) -> None:
    """Whichever worker takes this records its heartbeat and evaluates the alert rules."""
    housekeeping(str(self.request.hostname or "celery worker"), "celery", force=True)


@worker_ready.connect
def _worker_started(sender: Any = None, **kwargs: Any) -> None:
    beat(str(getattr(sender, "hostname", "celery worker")), "celery")
