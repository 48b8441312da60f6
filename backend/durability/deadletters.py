"""The dead-letter queue: park a run that cannot succeed alone, and a person's way back out.

A parked run keeps the status ``failed`` (what alerts, metrics and the run list count) and gets
an open ``DeadLetter`` in the same transaction, so a failed run is never missing from the
queue. Every action (Ferry parking a run, a person retrying, editing or discarding it) is an
``AuditEntry`` with who, when and why.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from backend.durability.models import (
    AuditAction,
    AuditEntry,
    DeadLetter,
    DeadLetterStatus,
    ErrorClass,
)
from backend.runs.dispatch import ring_after_commit
from backend.runs.models import Run, RunMode, RunStatus, Step
from workflows.run_history import RETRY_REQUESTED

User = AbstractBaseUser | AnonymousUser | None
UNPARKED_MODES = {RunMode.TEST, RunMode.SUBWORKFLOW}
"""Test runs show their failure at once; a child run's failure is its parent's to park."""
_CLASSES = {c.value for c in ErrorClass}


class DeadLetterError(Exception):
    """An action that does not apply (the letter is closed, the input is malformed)."""


def parks(run: Run) -> bool:
    """Whether a failure of ``run`` is parked in the dead-letter queue."""
    return run.mode not in UNPARKED_MODES


def record_failure(run: Run, owner: str, error: dict[str, Any] | None, now: datetime) -> bool:
    """Store a failed run's end, with its dead letter when it parks, if ``owner`` still holds
    its lease; returns whether it was stored."""
    mine = Run.objects.filter(pk=run.pk, lease_owner=owner, status=RunStatus.RUNNING)
    final = {"finished_at": now, "due_at": None, "lease_owner": "", "lease_expires_at": None}
    with transaction.atomic():
        if not mine.update(status=RunStatus.FAILED, error=error, **final):
            return False
        if parks(run):
            park(run, error)
    return True


def park(run: Run, error: dict[str, Any] | None) -> DeadLetter:
    """Write the dead letter of ``run`` from its error and its failing step."""
    error = error or {"code": "run.failed", "message": "The run failed.", "nodeId": None}
    node_id = str(error.get("nodeId") or "")
    step = (
        Step.objects.filter(run_id=run.pk, node_id=node_id).order_by("-id").first()
        if node_id
        else None
    )
    letter = DeadLetter.objects.create(
        run_id=run.pk,
        workflow_id=run.workflow_id,
        error_class=classify(error),
        code=str(error.get("code") or "run.failed")[:100],
        reason=str(error.get("message") or "The run failed."),
        node_id=node_id,
        step=step,
        input=step.inputs if step is not None else {"main": [{"json": run.input}]},
        error=error,
        attempts=step.attempt if step is not None else 1,
    )
    AuditEntry.objects.create(
        run_id=run.pk,
        dead_letter=letter,
        action=AuditAction.PARKED,
        actor_name="ferry",
        reason=letter.reason,
        details={"code": letter.code, "errorClass": letter.error_class},
    )
    return letter


def classify(error: dict[str, Any]) -> str:
    """One of the triage classes; rate limits count as connection trouble, unknowns as bugs."""
    found = str(error.get("errorClass") or "")
    if found == "rate_limit":
        return ErrorClass.CONNECTION
    return found if found in _CLASSES else ErrorClass.BUG


def retry(letter: DeadLetter, user: User, reason: str = "", edited_input: Any = None) -> DeadLetter:
    """Send the parked run back to the queue; it resumes at the failing step (with the edited
    input when given) with that node's full set of attempts."""
    inputs = normalise_input(edited_input) if edited_input is not None else None
    with transaction.atomic():
        locked = DeadLetter.objects.select_for_update().get(pk=letter.pk)
        _require_open(locked)
        run = Run.objects.select_for_update().get(pk=locked.run_id)
        if run.status != RunStatus.FAILED:
            raise DeadLetterError(f"Run {run.pk} is {run.status}, not failed.")
        if inputs is not None:
            _audit(
                locked, AuditAction.EDITED, user, reason, {"before": locked.input, "after": inputs}
            )
        _mark_retry(locked, user, reason, inputs)
        Run.objects.filter(pk=run.pk).update(
            status=RunStatus.QUEUED, error=None, finished_at=None, due_at=None
        )
        _close(locked, DeadLetterStatus.RETRIED)
        _audit(locked, AuditAction.RETRIED, user, reason, {"inputEdited": inputs is not None})
        ring_after_commit(run)
    return locked


def discard(letter: DeadLetter, user: User, reason: str) -> DeadLetter:
    """Close the letter for good; the run stays failed and is never retried."""
    if not reason.strip():
        raise DeadLetterError("Say why the run is discarded.")
    with transaction.atomic():
        locked = DeadLetter.objects.select_for_update().get(pk=letter.pk)
        _require_open(locked)
        _close(locked, DeadLetterStatus.DISCARDED)
        _audit(locked, AuditAction.DISCARDED, user, reason, {})
    return locked


def retry_many(letters: QuerySet[DeadLetter], user: User, reason: str = "") -> list[DeadLetter]:
    """Retry every open letter of ``letters``; letters closed meanwhile are passed over."""
    retried = []
    for letter in letters.filter(status=DeadLetterStatus.OPEN).order_by("created_at", "id"):
        try:
            retried.append(retry(letter, user, reason))
        except DeadLetterError:
            continue
    return retried


def normalise_input(value: Any) -> dict[str, list[dict[str, Any]]]:
    """Edited input as items per port: ``{"main": [values]}``, a bare list for ``main``, or
    the step's own shape (``{"json": ...}`` items)."""
    ports = {"main": value} if isinstance(value, list) else value
    if not isinstance(ports, dict) or not ports:
        raise DeadLetterError("The input must be a list of items or an object of ports.")
    shaped: dict[str, list[dict[str, Any]]] = {}
    for port, items in ports.items():
        if not isinstance(items, list):
            raise DeadLetterError(f"Port {port!r} must hold a list of items.")
        shaped[str(port)] = [
            item
            if isinstance(item, dict) and set(item) <= _ITEM_KEYS and "json" in item
            else {"json": item}
            for item in items
        ]
    return shaped


_ITEM_KEYS = {"json", "sourceNode", "sourceIndex"}


def _mark_retry(letter: DeadLetter, user: User, reason: str, inputs: dict[str, Any] | None) -> None:
    """A marker step telling the engine a person asked for this node to run again."""
    step = letter.step
    if step is None:
        return  # the run failed before any step of that node ran: it simply starts again
    Step.objects.create(
        run_id=letter.run_id,
        node_id=letter.node_id,
        attempt=step.attempt,
        status="retry_wait",
        inputs=inputs if inputs is not None else (letter.input or {}),
        error={
            "code": RETRY_REQUESTED,
            "message": reason or "Retry requested.",
            "by": actor_name(user),
            "inputEdited": inputs is not None,
        },
        started_at=timezone.now(),
        finished_at=timezone.now(),
    )


def _require_open(letter: DeadLetter) -> None:
    if letter.status != DeadLetterStatus.OPEN:
        raise DeadLetterError(f"Dead letter {letter.pk} is already {letter.status}.")


def _close(letter: DeadLetter, status: str) -> None:
    letter.status = status
    letter.closed_at = timezone.now()
    letter.save(update_fields=["status", "closed_at"])


def _audit(
    letter: DeadLetter, action: str, user: User, reason: str, details: dict[str, Any]
) -> None:
    AuditEntry.objects.create(
        run_id=letter.run_id,
        dead_letter=letter,
        action=action,
        actor=person(user),
        actor_name=actor_name(user),
        reason=reason,
        details=details,
    )


def person(user: User) -> Any:
    """The user to store as the actor, or None for anonymous callers and Ferry itself."""
    return user if is_person(user) else None


def is_person(user: User) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def actor_name(user: User) -> str:
    return user.get_username() if user is not None and is_person(user) else "anonymous"
