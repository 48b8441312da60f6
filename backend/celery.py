"""The Celery app for scaled mode: workers execute runs, beat rings the sweep and schedules."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("ferry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["backend.runs", "backend.monitoring"])

SCHEDULES_SECONDS = 15.0


def _sweep_seconds() -> float:
    from django.conf import settings

    return float(settings.FERRY_SWEEP_SECONDS)


def _housekeeping_seconds() -> float:
    from django.conf import settings

    return float(settings.FERRY_HOUSEKEEPING_SECONDS)


@app.on_after_configure.connect
def _beat_schedule(sender: Celery, **kwargs: object) -> None:
    sender.add_periodic_task(
        _sweep_seconds(), sender.signature("backend.runs.tasks.sweep_task"), name="sweep"
    )
    sender.add_periodic_task(
        SCHEDULES_SECONDS,
        sender.signature("backend.runs.tasks.fire_schedules_task"),
        name="fire schedules",
    )
    sender.add_periodic_task(
        _housekeeping_seconds(),
        sender.signature("backend.monitoring.tasks.housekeeping_task"),
        name="heartbeat and alerts",
    )
