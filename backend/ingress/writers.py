"""Where webhook deliveries are stored from: a long-lived thread that keeps its connection.

It stores deliveries in groups: whatever arrived while the previous group was being written is
committed together (group commit). A commit is the expensive part of storing a delivery (one
lock handover on SQLite, one WAL flush on PostgreSQL), so latency stays flat when many senders
post at once.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future

from django.db import DatabaseError, connection

from backend.ingress.intake import Delivery, Reply, check_delivery, problem
from backend.ingress.intake import store_many as store_together

log = logging.getLogger(__name__)

GROUP_LIMIT = 64
Request = tuple[str, bytes, dict[str, str]]


def unavailable() -> Reply:
    return problem(503, "Ferry could not store the event just now; deliver it again.")


class GroupWriter:
    """One thread storing the deliveries that queued up meanwhile in one transaction."""

    def __init__(self, limit: int = GROUP_LIMIT) -> None:
        self._limit = limit
        self._queue: queue.SimpleQueue[tuple[Request, Future[Reply]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="ferry-hooks", daemon=True)
        self._thread.start()

    def submit(self, token: str, body: bytes, headers: dict[str, str]) -> Future[Reply]:
        future: Future[Reply] = Future()
        self._queue.put(((token, body, headers), future))
        return future

    def _loop(self) -> None:
        while True:
            group = [self._queue.get()]
            while len(group) < self._limit:
                try:
                    group.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            replies = _store_group([request for request, _ in group])
            for (_, future), reply in zip(group, replies, strict=True):
                future.set_result(reply)


def _store_group(requests: list[Request]) -> list[Reply]:
    try:
        checked = [check_delivery(*request) for request in requests]
        ready = [c for c in checked if isinstance(c, Delivery)]
        stored = iter(store_together(ready) if ready else [])
        return [c if isinstance(c, Reply) else next(stored) for c in checked]
    except DatabaseError:
        # A broken connection must not stick to this long-lived thread.
        log.exception("Storing %d webhook deliveries failed", len(requests))
        connection.close()
        return [unavailable() for _ in requests]
