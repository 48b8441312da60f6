"""The embedded dispatcher: worker threads in the server process, fed by the doorbell.

A timer thread wakes due retries, runs the sweep every ``FERRY_SWEEP_SECONDS`` and fires due
schedules, so a laptop install needs no broker and no extra process.
"""

from __future__ import annotations

import heapq
import logging
import os
import queue
import threading
import time
from datetime import datetime

from django.conf import settings
from django.db import connection

from backend.monitoring import rollups

log = logging.getLogger(__name__)

_STOP = ""
WORKER_NICENESS = 10


class EmbeddedDispatcher:
    def __init__(self) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self._pending: set[str] = set()
        self._timers: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def running(self) -> bool:
        return bool(self._threads)

    def start(self, workers: int | None = None) -> None:
        """Start the worker threads and the timer thread (once)."""
        if self._threads:
            return
        self._stopping.clear()
        count = workers or settings.FERRY_EMBEDDED_WORKERS
        for number in range(count):
            self._spawn(self._work, f"ferry-worker-{number + 1}")
        self._spawn(self._tick, "ferry-timer")
        rollups.buffer.start()
        log.info("Embedded dispatcher started with %d workers", count)

    def stop(self, timeout: float = 10.0) -> None:
        """Let running runs finish, then end every thread; queued runs stay in the database."""
        self._stopping.set()
        self._wake.set()
        for _ in self._threads:
            self._queue.put(_STOP)
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        try:
            rollups.buffer.stop()
        except Exception:
            log.exception("Writing the statistics of the last runs failed")
        finally:
            connection.close()
        with self._lock:
            self._pending.clear()
            self._timers.clear()
        self._queue = queue.Queue()

    def enqueue(self, run_id: str) -> None:
        """Execute ``run_id`` soon. Before ``start`` this does nothing: the sweep will find it."""
        if not self._threads or self._stopping.is_set():
            return
        with self._lock:
            if run_id in self._pending:
                return
            self._pending.add(run_id)
        self._queue.put(run_id)

    def enqueue_at(self, run_id: str, due: datetime) -> None:
        if not self._threads:
            return
        with self._lock:
            heapq.heappush(self._timers, (due.timestamp(), run_id))
        self._wake.set()

    def sweep_now(self) -> int:
        """Enqueue every stranded run and fire due schedules; returns how many runs it enqueued."""
        from backend.runs.schedules import fire_due_schedules
        from backend.runs.sweep import stranded_run_ids

        fire_due_schedules()
        ids = stranded_run_ids()
        for run_id in ids:
            self.enqueue(run_id)
        return len(ids)

    def _spawn(self, target: object, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _work(self) -> None:
        from backend.runs.execution import execute_run

        _lower_priority()
        work = self._queue
        while True:
            run_id = work.get()
            if run_id == _STOP:
                break
            with self._lock:
                self._pending.discard(run_id)
            try:
                execute_run(run_id)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:
                # Whatever happened, this thread keeps serving; the sweep retries the run.
                log.exception("Executing run %s failed", run_id)
                connection.close()
            if work.empty():
                # Idle threads give their connection back (SQLite files, PostgreSQL slots).
                connection.close()
        connection.close()

    def _tick(self) -> None:
        from backend.monitoring.housekeeping import embedded_worker_name, housekeeping

        next_sweep = time.time()
        while not self._stopping.is_set():
            now = time.time()
            if now >= next_sweep:
                try:
                    self.sweep_now()
                    housekeeping(embedded_worker_name(), "embedded")
                except Exception:
                    log.exception("The sweep failed")
                finally:
                    connection.close()
                next_sweep = now + settings.FERRY_SWEEP_SECONDS
            self._release_due_timers(now)
            with self._lock:
                first_due = self._timers[0][0] if self._timers else next_sweep
            self._wake.wait(max(0.01, min(first_due, next_sweep) - time.time()))
            self._wake.clear()

    def _release_due_timers(self, now: float) -> None:
        due: list[str] = []
        with self._lock:
            while self._timers and self._timers[0][0] <= now:
                due.append(heapq.heappop(self._timers)[1])
        for run_id in due:
            self.enqueue(run_id)


def _lower_priority() -> None:
    """Let the web server's threads win the CPU over runs: webhook answers wait on them."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
    except (AttributeError, OSError):
        pass  # not Linux, or not allowed: runs just compete as equals


dispatcher = EmbeddedDispatcher()
