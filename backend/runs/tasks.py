"""Celery tasks for scaled mode. Thin: arguments are ids, the work lives in the runs modules."""

from __future__ import annotations

import logging
from typing import Any

from celery import signals
from django.db import close_old_connections

from backend.celery import app
from backend.monitoring import rollups
from backend.runs.execution import execute_run
from backend.runs.schedules import fire_due_schedules
from backend.runs.sweep import stranded_run_ids

log = logging.getLogger(__name__)


@app.task(acks_late=True, ignore_result=True)
def execute_run_task(run_id: str) -> None:
    """Execute one run; a duplicate ring finds it claimed or finished and does nothing."""
    execute_run(run_id)


@app.task(acks_late=True, ignore_result=True)
def execute_runs_task(run_ids: list[str]) -> None:
    """Execute runs rung together while a backlog built up, one after another; a run that
    fails to execute is left to the sweep and the others go on."""
    for run_id in run_ids:
        try:
            execute_run(run_id)
        except Exception:
            log.exception("Executing run %s failed; the sweep will ring it again", run_id)
            close_old_connections()  # a broken connection must not fail the rest too


@app.task(ignore_result=True)
def sweep_task() -> int:
    """Ring again for runs nobody executes (lost doorbells, dead workers, due retries)."""
    ids = stranded_run_ids()
    for run_id in ids:
        execute_run_task.delay(run_id)
    return len(ids)


@app.task(ignore_result=True)
def fire_schedules_task() -> int:
    """Start a run for every schedule trigger whose due time has come."""
    return len(fire_due_schedules())


@signals.task_prerun.connect
@signals.task_postrun.connect
def _drop_broken_connections(sender: Any = None, **kwargs: Any) -> None:
    """Workers keep their database connection across tasks (``CELERY_DB_REUSE_MAX``): drop it
    when it broke (the database restarted) or aged out, as Django does around each request.
    A task applied eagerly runs inside its caller's transaction, which is not ours to close."""
    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()


@signals.worker_init.connect
def _buffer_statistics(**kwargs: Any) -> None:
    """Workers count finished runs in memory and write them once a second (pool children too)."""
    rollups.buffer.start()


@signals.worker_process_shutdown.connect
@signals.worker_shutdown.connect
def _write_statistics(**kwargs: Any) -> None:
    try:
        rollups.buffer.stop()
    except Exception:
        log.exception("Writing the statistics of the last runs failed")
