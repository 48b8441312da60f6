"""What readiness checks: the database, the broker when scaled, and workers seen recently."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from backend.monitoring.heartbeats import recent_workers

log = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return Check("database", False, f"The database is not reachable: {exc}")
    return Check("database", True, "reachable")


def check_broker() -> Check:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:
        return Check("broker", False, f"The broker is not reachable: {exc}")
    return Check("broker", True, "reachable")


def check_workers() -> Check:
    try:
        workers = recent_workers()
    except Exception as exc:
        return Check("workers", False, f"Worker heartbeats cannot be read: {exc}")
    if not workers:
        return Check(
            "workers",
            False,
            f"No worker was seen in the last {settings.FERRY_WORKER_STALE_SECONDS} seconds.",
        )
    return Check("workers", True, ", ".join(worker.name for worker in workers))


def run_checks() -> list[Check]:
    database = check_database()
    checks = [database]
    if settings.SCALED:
        checks.append(check_broker())
    if database.ok:
        checks.append(check_workers())
    return checks
