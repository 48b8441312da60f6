"""DbEffectLedger: the effect ledger as ``Effect`` rows, each write committed when it returns."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.db import IntegrityError, connection, transaction

from backend.durability.models import Effect, EffectStatus
from backend.runs import prepared
from workflows.sdk import ErrorClass, NodeError
from workflows.sdk.effects import request_hash

KEY_LENGTH = 255
# Read and written around every side effect, so written once rather than compiled each time.
_EFFECT = Effect._meta.db_table
_STATUS = f"SELECT status FROM {_EFFECT} WHERE key = %s"
_COMPLETE = f"UPDATE {_EFFECT} SET status = %s, outcome = %s, error = NULL WHERE key = %s"


class DbEffectLedger:
    """EffectLedger of one run. ``namespace`` (a replay that forces new effects) makes every
    key of this run new, so effects the source run performed happen again, once."""

    def __init__(self, run_id: str | None = None, namespace: str = "") -> None:
        self.run_id = run_id
        self.namespace = namespace

    def _key(self, key: str) -> str:
        full = f"{key}@{self.namespace}" if self.namespace else key
        if len(full) > KEY_LENGTH:
            raise NodeError(
                "effect.key_too_long",
                f"The effect key {full[:60]!r}... is longer than {KEY_LENGTH} characters.",
                error_class=ErrorClass.BUG,
            )
        return full

    def begin(self, key: str, operation: str, request: Any) -> dict[str, Any] | None:
        full = self._key(key)
        fields = {
            "operation": operation[:200],
            "request_hash": request_hash(request),
            "request": request,
            "status": EffectStatus.PENDING,
            "run_id": self.run_id,
            "error": None,
        }
        try:
            # Outside a transaction the INSERT is its own; inside one, a savepoint keeps a
            # duplicate key from spoiling the caller's transaction.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                Effect.objects.create(key=full, **fields)
            return None
        except IntegrityError:
            pass
        row = Effect.objects.get(key=full)
        if row.status == EffectStatus.DONE:
            return dict(row.outcome or {})
        if row.status == EffectStatus.FAILED:
            # Only this conditional update wins when two attempts race to begin again.
            if Effect.objects.filter(pk=row.pk, status=EffectStatus.FAILED).update(**fields):
                return None
        raise NodeError(
            "effect.uncertain",
            f"'{operation}' with key {key!r} is already pending; reconcile it first.",
            error_class=ErrorClass.CONFLICT,
            details={"effectKey": key, "needsPerson": True},
        )

    def complete(self, key: str, outcome: dict[str, Any]) -> None:
        full = self._key(key)
        outcome_value = prepared.db_value(Effect, "outcome", outcome)
        with prepared.cursor() as cursor:
            cursor.execute(_COMPLETE, [EffectStatus.DONE.value, outcome_value, full])
            updated = cursor.rowcount
        if not updated:
            # Reconciled an effect whose pending row was never written (a node that skipped
            # begin): record it now so it is never repeated.
            Effect.objects.create(
                key=full,
                operation="reconciled",
                request_hash="",
                status=EffectStatus.DONE,
                outcome=outcome,
                run_id=self.run_id,
            )

    def status(self, key: str) -> str | None:
        with prepared.cursor() as cursor:
            cursor.execute(_STATUS, [self._key(key)])
            found = cursor.fetchone()
        return None if found is None else str(found[0])

    def fail(self, key: str, error: dict[str, Any]) -> None:
        Effect.objects.filter(key=self._key(key), status=EffectStatus.PENDING).update(
            status=EffectStatus.FAILED, error=error
        )
