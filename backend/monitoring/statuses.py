"""Run statuses as statistics group them (plain strings, so they match stored values)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

SUCCEEDED = "succeeded"
DEAD_LETTERED = "dead_lettered"
FAILURES = ("failed", DEAD_LETTERED)
"""Runs that did not do their job: failed, or parked in the dead-letter queue."""
FINAL = (SUCCEEDED, "failed", DEAD_LETTERED, "cancelled", "superseded")
"""Every status a run ends in; cancelled and superseded runs are neither success nor failure."""
IN_PROGRESS = ("queued", "running", "retry_wait")
"""Accepted and not finished: the backlog."""


def open_dead_letters(workflow_id: str | None = None) -> QuerySet[Any]:
    """Dead letters waiting for a person. A parked run keeps status ``failed``; what marks it
    parked is its open DeadLetter row, so that is what the queue size counts."""
    from backend.durability.models import DeadLetter, DeadLetterStatus

    letters = DeadLetter.objects.filter(status=DeadLetterStatus.OPEN)
    return letters.filter(workflow_id=workflow_id) if workflow_id else letters
