"""The doorbell: tells a worker a run is ready. Losing a ring is harmless, the sweep rings again."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings

log = logging.getLogger(__name__)


def ring(run_id: str) -> None:
    """Ask for ``run_id`` to be executed now."""
    if settings.SCALED:
        from backend.runs.tasks import execute_run_task

        try:
            execute_run_task.delay(run_id)
        except Exception:
            # The run is committed; the sweep finds it even when the broker is down right now.
            log.exception("Could not ring Celery for run %s; the sweep will pick it up", run_id)
        return
    from backend.runs.embedded import dispatcher

    dispatcher.enqueue(run_id)


def ring_at(run_id: str, due: datetime) -> None:
    """Ask for ``run_id`` to be executed at ``due`` (a retry wait or a delay)."""
    if settings.SCALED:
        from backend.runs.tasks import execute_run_task

        try:
            execute_run_task.apply_async((run_id,), eta=due)
        except Exception:
            log.exception("Could not schedule run %s; the sweep will pick it up", run_id)
        return
    from backend.runs.embedded import dispatcher

    dispatcher.enqueue_at(run_id, due)
