"""Leases on running runs: who holds each one, renewed in the background while it executes."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from backend.runs.models import Run, RunStatus

log = logging.getLogger(__name__)

_HOST = socket.gethostname()


def new_owner() -> str:
    """A lease owner id naming the host and process, unique per claim."""
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.FERRY_LEASE_SECONDS)


class LeaseRenewer:
    """One thread per process renews every lease this process holds, every lease/3 seconds."""

    def __init__(self) -> None:
        self._held: dict[str, str] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._pid = 0

    @contextmanager
    def hold(self, run_id: str, owner: str) -> Iterator[None]:
        with self._lock:
            self._held[run_id] = owner
            self._start_once()
        try:
            yield
        finally:
            with self._lock:
                self._held.pop(run_id, None)

    def renew_now(self) -> int:
        """Push the expiry of every held lease forward; returns how many were renewed."""
        with self._lock:
            held = dict(self._held)
        renewed = 0
        expires = lease_expiry()
        for run_id, owner in held.items():
            renewed += Run.objects.filter(
                pk=run_id, lease_owner=owner, status=RunStatus.RUNNING
            ).update(lease_expires_at=expires)
        return renewed

    def _start_once(self) -> None:
        # Started lazily and per pid: a thread started before a fork does not exist in the child.
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        threading.Thread(target=self._loop, name="ferry-lease-renewer", daemon=True).start()

    def _loop(self) -> None:
        interval = max(settings.FERRY_LEASE_SECONDS / 3, 0.5)
        while not self._wake.wait(interval):
            try:
                close_old_connections()
                self.renew_now()
            except Exception:
                log.exception("Renewing run leases failed")
            finally:
                connection.close()


renewer = LeaseRenewer()
