"""The doorbell: tells a worker a run is ready. Losing a ring is harmless, the sweep rings again.

Embedded, it wakes the in-process dispatcher. Scaled, it sends a Celery task carrying the run
id; the sending happens on a background thread so that the thread that just committed runs
(the webhook writer, a request) never waits for the broker.
"""

from __future__ import annotations

import logging
import queue
import threading
from datetime import datetime
from functools import cache
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

RING_BATCH = 200
RUNS_PER_MESSAGE = 8
SPREAD = 16
"""Messages a backlog is at least spread over (two workers of eight threads)."""


class CeleryRinger:
    """Sends ``execute_run_task`` messages from one background thread, many per connection."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[str, datetime | None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def ring(self, run_id: str, due: datetime | None = None) -> None:
        self._queue.put((run_id, due))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="ferry-ringer", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            rings = [self._queue.get()]
            while len(rings) < RING_BATCH:
                try:
                    rings.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                _send(rings)
            except Exception:
                # The runs are committed; the sweep finds them even when the broker is down.
                log.exception("Could not ring Celery for %d runs; the sweep will", len(rings))


def _send(rings: list[tuple[str, datetime | None]]) -> None:
    from backend.celery import app
    from backend.runs.tasks import execute_run_task, execute_runs_task

    now = [run_id for run_id, due in rings if due is None]
    with app.producer_or_acquire() as producer:
        for batch in batches(now, _waiting() if len(now) > 1 else 0):
            if len(batch) == 1:
                execute_run_task.apply_async((batch[0],), producer=producer)
            else:
                execute_runs_task.apply_async((batch,), producer=producer)
        for run_id, due in rings:
            if due is not None:
                execute_run_task.apply_async((run_id,), eta=due, producer=producer)


def batches(run_ids: list[str], waiting: int = 0) -> list[list[str]]:
    """The messages for runs rung together: one run each while there are few, so every worker
    thread gets one; with a backlog (many runs at once, or ``waiting`` messages already queued
    for the workers) up to ``RUNS_PER_MESSAGE``, since a message costs a worker about as much
    CPU as a run's own statements, and more messages would add no parallelism."""
    if waiting >= SPREAD:
        size = RUNS_PER_MESSAGE
    else:
        size = max(1, min(RUNS_PER_MESSAGE, len(run_ids) // SPREAD))
    return [run_ids[start : start + size] for start in range(0, len(run_ids), size)]


def _waiting() -> int:
    """Messages queued for the workers and not taken yet, on a Redis broker (0 elsewhere, or
    when Redis cannot say: then the batches are sized by the rings alone)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return 0
    try:
        return int(_redis(url).llen(settings.CELERY_TASK_DEFAULT_QUEUE))
    except Exception:
        log.debug("Could not read the queue's length", exc_info=True)
        return 0


@cache
def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=1)


ringer = CeleryRinger()


def ring(run_id: str) -> None:
    """Ask for ``run_id`` to be executed now."""
    if settings.SCALED:
        ringer.ring(run_id)
        return
    from backend.runs.embedded import dispatcher

    dispatcher.enqueue(run_id)


def ring_at(run_id: str, due: datetime) -> None:
    """Ask for ``run_id`` to be executed at ``due`` (a retry wait or a delay)."""
    if settings.SCALED:
        ringer.ring(run_id, due)
        return
    from backend.runs.embedded import dispatcher

    dispatcher.enqueue_at(run_id, due)
