"""Exactly-once side effects: a deterministic key, the ledger row, and what to do when unsure.

``perform_once`` is what ``NodeContext.once`` runs. Before the call the effect's ledger row is
``pending`` (and committed); after it, ``done`` with the target's answer. A retried or resumed
step that finds ``done`` returns the recorded answer without calling again. One that finds
``pending`` does not know whether the earlier call landed, so it asks the target through the
node's ``reconcile``; a node that cannot tell parks the run for a person instead of guessing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol

from workflows import crashpoints
from workflows.sdk.errors import ErrorClass, NodeError

Outcome = dict[str, Any]
Reconciler = Callable[[str, Any], Outcome | None]
"""``reconcile(key, request)``: the effect's outcome when the target has it, else None."""


class Ledger(Protocol):
    def begin(self, key: str, operation: str, request: Any) -> Outcome | None: ...

    def complete(self, key: str, outcome: Outcome) -> None: ...

    def status(self, key: str) -> str | None: ...


def effect_key(*parts: Any) -> str:
    """A deterministic idempotency key from its parts (source, entity id, revision, operation).

    Parts are joined with ``:``; a part that is not a plain string or number is hashed, so a
    key stays short and never depends on dict ordering.
    """
    if not parts:
        raise ValueError("An effect key needs at least one part.")
    texts = []
    for part in parts:
        if isinstance(part, str | int | float | bool) or part is None:
            texts.append(str(part))
        else:
            canonical = json.dumps(part, sort_keys=True, separators=(",", ":"), default=str)
            texts.append(hashlib.sha256(canonical.encode()).hexdigest()[:16])
    return ":".join(texts)


def request_hash(request: Any) -> str:
    """SHA-256 of the request's canonical JSON, to tell a reused key from a repeated request."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def perform_once(
    ledger: Ledger | None,
    key: str,
    operation: str,
    request: Any,
    perform: Callable[[], Outcome],
    reconcile: Reconciler | None = None,
) -> Outcome:
    """Run ``perform`` at most once per ``key``, whatever retries, crashes and replays happen."""
    if ledger is None:
        return perform()
    if ledger.status(key) == "pending":
        found = _reconciled(key, operation, request, reconcile)
        if found is not None:
            ledger.complete(key, found)
            return found
        # The target never saw it: the row is still pending, perform now.
    else:
        try:
            done = ledger.begin(key, operation, request)
        except NodeError as error:
            # Another attempt began this effect between our look and our begin (its lease was
            # lost under load): that is an uncertain outcome like any other, so ask the target.
            if error.code != "effect.uncertain":
                raise
            found = _reconciled(key, operation, request, reconcile)
            if found is None:
                raise
            ledger.complete(key, found)
            return found
        if done is not None:
            return done
    try:
        outcome = perform()
    except NodeError as error:
        if not possibly_sent(error):
            _release(ledger, key, error)
        raise
    crashpoints.reached(crashpoints.AFTER_EFFECT, "effect")
    ledger.complete(key, outcome)
    return outcome


def possibly_sent(error: NodeError) -> bool:
    """Whether the target may have acted despite the error (a timeout after sending).

    Errors say ``details.requestSent``; an answer with a status the target gave is definite
    (it refused), so only a lost answer leaves the outcome unknown.
    """
    details = error.details or {}
    if "status" in details:
        return False
    return bool(details.get("requestSent", True))


def _release(ledger: Ledger, key: str, error: NodeError) -> None:
    fail = getattr(ledger, "fail", None)
    if callable(fail):
        fail(key, error.to_json())


def _reconciled(
    key: str, operation: str, request: Any, reconcile: Reconciler | None
) -> Outcome | None:
    if reconcile is not None:
        try:
            return reconcile(key, request)
        except NotImplementedError:
            pass
    raise NodeError(
        "effect.uncertain",
        f"An earlier attempt of '{operation}' may have reached the target and Ferry cannot "
        f"check it; look in the target for '{key}', then retry or discard this run.",
        error_class=ErrorClass.CONFLICT,
        details={"effectKey": key, "operation": operation, "needsPerson": True},
    )
