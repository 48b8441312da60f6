"""Per business key ordering: runs sharing a key run one at a time, in arrival order.

A run may be claimed only when no earlier run of its workflow with the same key is unfinished
and no other run with that key holds a live lease. Runs without a key are never held back.
With ``settings.coalesce: "latest"`` a run that waited behind others and has a newer queued
run with its key is superseded instead of executed: for stock levels only the last one counts.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from backend.runs.models import FINISHED, Run, RunStatus


def in_key_order(runs: QuerySet[Run]) -> QuerySet[Run]:
    """``runs`` without those that must wait for another run with the same business key."""
    same_key = Run.objects.filter(
        workflow_id=OuterRef("workflow_id"), business_key=OuterRef("business_key")
    ).exclude(pk=OuterRef("pk"))
    earlier_unfinished = same_key.filter(created_at__lt=OuterRef("created_at")).exclude(
        status__in=FINISHED
    )
    held = same_key.filter(status=RunStatus.RUNNING, lease_expires_at__gte=timezone.now())
    waiting = ~Q(business_key="") & (Exists(earlier_unfinished) | Exists(held))
    return runs.exclude(waiting)


_RUN = Run._meta.db_table
_NEXT_IN_LINE = f"""
SELECT id FROM {_RUN}
WHERE workflow_id = %s AND business_key = %s AND id <> %s
  AND status NOT IN ({", ".join(f"'{status}'" for status in sorted(FINISHED))})
ORDER BY created_at LIMIT 1
"""
"""Asked after every run with a key finishes, so written by hand."""


def next_in_line(run: Run) -> str | None:
    """The run to ring once ``run`` has finished: the oldest unfinished one with its key."""
    if not run.business_key:
        return None
    fields: Any = Run._meta
    params = [
        fields.get_field("workflow").get_db_prep_save(run.workflow_id, connection),
        run.business_key,
        fields.get_field("id").get_db_prep_save(run.pk, connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_IN_LINE, params)
        found = cursor.fetchone()
    return None if found is None else str(fields.get_field("id").to_python(found[0]))


def coalesces(document: dict[str, Any]) -> bool:
    return (document.get("settings") or {}).get("coalesce") == "latest"


def supersede_if_stale(run: Run) -> str | None:
    """Supersede a claimed, not yet started run that has a newer queued run with its key.

    Returns the newer run's id (the one to ring) when ``run`` was superseded, else None.
    """
    if not run.business_key or not coalesces(run.version.document) or run.steps.exists():
        return None
    newest = (
        Run.objects.filter(
            workflow_id=run.workflow_id,
            business_key=run.business_key,
            status=RunStatus.QUEUED,
            created_at__gt=run.created_at,
        )
        .order_by("-created_at")
        .values_list("pk", flat=True)
        .first()
    )
    if newest is None:
        return None
    error = {
        "code": "run.superseded",
        "message": f"A newer event with key {run.business_key!r} replaced this one (run {newest}).",
        "nodeId": None,
        "supersededBy": str(newest),
    }
    stored = Run.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.SUPERSEDED,
        error=error,
        finished_at=timezone.now(),
        lease_owner="",
        lease_expires_at=None,
    )
    return str(newest) if stored else None
