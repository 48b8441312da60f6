"""Connection health: checks recorded on the connection, and the summary operators see."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import Max, Sum
from django.dispatch import Signal
from django.utils import timezone

from backend.connections import services
from backend.connections.models import Connection
from backend.durability.limits import gate
from backend.monitoring.models import NodeRollup
from workflows.sdk.credentials import ConnectionTest

log = logging.getLogger(__name__)

pause_changed = Signal()
"""Sent with ``connection`` and ``paused`` after an operator pauses or resumes a connection, so
the runtime can wake the runs it held (receivers connect in their app's ``ready``)."""


def set_paused(connection: Connection, paused: bool) -> None:
    Connection.objects.filter(pk=connection.pk).update(paused=paused)
    connection.paused = paused
    # The flag is stored whatever a receiver does: a failing receiver is logged, not raised,
    # so the operator's pause or resume never turns into an error page.
    answers = pause_changed.send_robust(sender=Connection, connection=connection, paused=paused)
    for receiver, answer in answers:
        if isinstance(answer, Exception):
            log.error(
                "%s failed after connection %s was %s",
                getattr(receiver, "__qualname__", receiver),
                connection.pk,
                "paused" if paused else "resumed",
                exc_info=answer,
            )


def record_check(connection: Connection, ok: bool, message: str) -> None:
    """Store the outcome of a health check (the connection test) on the connection."""
    now = timezone.now()
    changes: dict[str, Any] = {
        "last_checked_at": now,
        "last_ok": ok,
        "last_error": "" if ok else message,
    }
    if ok:
        changes["last_success_at"] = now
    Connection.objects.filter(pk=connection.pk).update(**changes)
    for name, value in changes.items():
        setattr(connection, name, value)


def check_and_record(connection: Connection) -> ConnectionTest:
    result = services.check_connection(connection)
    record_check(connection, result.ok, result.message)
    return result


def health_of(connection: Connection) -> dict[str, Any]:
    """The connections page's view of one connection: checks, pause, calls and rate-limit budget."""
    calls = NodeRollup.objects.filter(connection_id=str(connection.pk))
    by_status: dict[str, dict[str, Any]] = {
        row["status"]: dict(row)
        for row in calls.values("status")
        .annotate(n=Sum("steps"), ms=Sum("duration_ms_sum"), last=Max("last_at"))
        .order_by()
    }
    total = sum(row["n"] for row in by_status.values())
    spent = sum(row["ms"] for row in by_status.values())
    failed = by_status.get("failed", {})
    succeeded = by_status.get("succeeded", {})
    return {
        "connectionId": str(connection.pk),
        "name": connection.name,
        "paused": connection.paused,
        "lastCheckedAt": _iso(connection.last_checked_at),
        "lastOk": connection.last_ok,
        "lastError": connection.last_error,
        "lastSuccessAt": _iso(connection.last_success_at),
        "calls": {
            "total": total,
            "failed": failed.get("n", 0),
            "meanMs": round(spent / total) if total else None,
            "lastSucceededAt": _iso(succeeded.get("last")),
            "lastFailedAt": _iso(failed.get("last")),
        },
        "budget": gate.usage(str(connection.pk)),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
