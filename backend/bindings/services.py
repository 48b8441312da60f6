"""The cross-reference in the database: bind ids (unique both ways), queue and resolve
unresolved ids, and read or write exchange rates and status tables.

``DbBindingStore`` is the engine's ``BindingStore`` and ``ReferenceTables``; the API uses the
same functions, so a person and a run follow the same rules.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from backend.bindings.models import Binding, ExchangeRate, StatusTable, UnresolvedValue
from workflows.sdk import ErrorClass, NodeError
from workflows.sdk.bindings import Side

User = Any
"""``request.user`` (anonymous or signed in) or None for a run."""


class BindingConflict(Exception):
    """One of the two ids is already bound to another id; ``existing`` is that binding."""

    def __init__(self, existing: Binding) -> None:
        super().__init__(
            f"{existing.kind} shop id {existing.shop_id!r} is already bound to Infor id "
            f"{existing.infor_id!r}."
        )
        self.existing = existing


class AlreadyResolved(Exception):
    """The unresolved id was resolved already."""


def binding_json(binding: Binding) -> dict[str, Any]:
    return {
        "id": str(binding.id),
        "kind": binding.kind,
        "scope": binding.scope,
        "shopId": binding.shop_id,
        "inforId": binding.infor_id,
        "sourceRunId": binding.source_run_id or None,
        "createdAt": binding.created_at.isoformat(),
        "updatedAt": binding.updated_at.isoformat(),
    }


def unresolved_json(entry: UnresolvedValue) -> dict[str, Any]:
    return {
        "id": str(entry.id),
        "kind": entry.kind,
        "scope": entry.scope,
        "side": entry.side,
        "value": entry.value,
        "context": entry.context,
        "count": entry.count,
        "firstSeen": entry.first_seen.isoformat(),
        "lastSeen": entry.last_seen.isoformat(),
        "runIds": entry.run_ids,
        "resolvedAt": entry.resolved_at.isoformat() if entry.resolved_at else None,
        "bindingId": str(entry.binding_id) if entry.binding_id else None,
    }


def find_binding(
    kind: str, scope: str, shop_id: str | None = None, infor_id: str | None = None
) -> Binding | None:
    """The binding holding this shop id, or else this Infor id."""
    if shop_id is not None:
        found = _one(_BY_SHOP_ID, [kind, scope, shop_id])
        if found is not None or infor_id is None:
            return found
    return _one(_BY_INFOR_ID, [kind, scope, infor_id]) if infor_id is not None else None


_BINDING = Binding._meta.db_table
# Looked up several times per order, so written once rather than compiled by the ORM at every
# call; each id is unique per kind and scope (the model's constraints), hence no ordering.
_BY_SHOP_ID = f"SELECT * FROM {_BINDING} WHERE kind = %s AND scope = %s AND shop_id = %s LIMIT 1"
_BY_INFOR_ID = f"SELECT * FROM {_BINDING} WHERE kind = %s AND scope = %s AND infor_id = %s LIMIT 1"


def _one(query: str, params: list[str]) -> Binding | None:
    return next(iter(Binding.objects.raw(query, params)), None)


def bind(
    kind: str,
    scope: str,
    shop_id: str,
    infor_id: str,
    *,
    run_id: str | None = None,
    user: User = None,
) -> tuple[Binding, bool]:
    """``(binding, created)``; the same pair again is not an error. Raises BindingConflict
    when either id is bound to another, including when a concurrent call won the race."""
    existing = find_binding(kind, scope, shop_id, infor_id)
    if existing is None:
        try:
            with transaction.atomic():
                created = Binding.objects.create(
                    kind=kind,
                    scope=scope,
                    shop_id=shop_id,
                    infor_id=infor_id,
                    source_run_id=run_id or "",
                    created_by=user if user is not None and user.is_authenticated else None,
                )
                _close_queued(created, user)
            return created, True
        except IntegrityError:
            existing = find_binding(kind, scope, shop_id, infor_id)
            if existing is None:
                raise
    if existing.shop_id == shop_id and existing.infor_id == infor_id:
        return existing, False
    raise BindingConflict(existing)


def _close_queued(binding: Binding, user: User) -> None:
    """Close the open queue entries the new binding answers, whoever made it."""
    answered = Q(side="shop", value=binding.shop_id) | Q(side="infor", value=binding.infor_id)
    UnresolvedValue.objects.filter(
        answered, kind=binding.kind, scope=binding.scope, resolved_at__isnull=True
    ).update(
        resolved_at=timezone.now(),
        resolved_by=user if user is not None and user.is_authenticated else None,
        binding=binding,
    )


def note_unresolved(
    kind: str,
    scope: str,
    value: str,
    *,
    side: Side = "shop",
    run_id: str | None = None,
    context: dict[str, Any] | None = None,
) -> UnresolvedValue:
    """Queue ``value`` for a person, or count one more sighting of it (reopening it when it was
    resolved but comes back, e.g. because its binding was deleted)."""
    entry, created = UnresolvedValue.objects.get_or_create(
        kind=kind,
        scope=scope,
        side=side,
        value=value,
        defaults={"context": context or {}, "run_ids": [run_id] if run_id else []},
    )
    if created:
        return entry
    runs = [r for r in entry.run_ids if r != run_id] + ([run_id] if run_id else [])
    UnresolvedValue.objects.filter(pk=entry.pk).update(
        count=F("count") + 1,
        last_seen=timezone.now(),
        run_ids=runs[-UnresolvedValue.MAX_RUNS :],
        context=context or entry.context,
        resolved_at=None,
        resolved_by=None,
    )
    entry.refresh_from_db()
    return entry


def resolve(entry: UnresolvedValue, other_id: str, user: User = None) -> Binding:
    """Bind the unresolved value to ``other_id`` (the other system's id) and close the entry.

    Raises BindingConflict like ``bind`` and AlreadyResolved when it is closed already."""
    with transaction.atomic():
        locked = UnresolvedValue.objects.select_for_update().get(pk=entry.pk)
        if locked.resolved_at is not None:
            raise AlreadyResolved(f"{locked.kind} {locked.value!r} is resolved already.")
        pair = (locked.value, other_id) if locked.side == "shop" else (other_id, locked.value)
        binding, _ = bind(locked.kind, locked.scope, *pair, user=user)
        locked.resolved_at = timezone.now()
        locked.resolved_by = user if user is not None and user.is_authenticated else None
        locked.binding = binding
        locked.save(update_fields=["resolved_at", "resolved_by", "binding"])
    entry.refresh_from_db()
    return binding


RATES_READ = 500
"""Newest rates read per conversion: months of daily rates for the two currencies."""


def rate_json(rate: ExchangeRate) -> dict[str, Any]:
    return {
        "base": rate.base,
        "quote": rate.quote,
        "rate": format(Decimal(rate.rate).normalize(), "f"),
        "source": rate.source,
        "date": rate.date.isoformat(),
    }


def stored_rates(base: str, quote: str, on: str | None = None) -> list[ExchangeRate]:
    # Rates touching either currency, so the engine can also cross them through a third one.
    touching = Q(base__in=[base, quote]) | Q(quote__in=[base, quote])
    rows = ExchangeRate.objects.filter(touching)
    if on:
        rows = rows.filter(date__lte=datetime.date.fromisoformat(on[:10]))
    return list(rows.order_by("-date")[:RATES_READ])


def store_rates(rates: list[dict[str, Any]]) -> int:
    with transaction.atomic():
        for rate in rates:
            ExchangeRate.objects.update_or_create(
                base=rate["base"].upper(),
                quote=rate["quote"].upper(),
                date=datetime.date.fromisoformat(str(rate["date"])[:10]),
                defaults={"rate": Decimal(str(rate["rate"])), "source": rate.get("source", "")},
            )
    return len(rates)


class DbBindingStore:
    """The engine's BindingStore and ReferenceTables over the database."""

    def lookup(
        self, kind: str, scope: str, shop_id: str | None = None, infor_id: str | None = None
    ) -> dict[str, Any] | None:
        if shop_id is None and infor_id is None:
            return None
        if shop_id is not None:
            found = find_binding(kind, scope, shop_id=shop_id)
        else:
            found = find_binding(kind, scope, infor_id=infor_id)
        return None if found is None else binding_json(found)

    def record(
        self, kind: str, scope: str, shop_id: str, infor_id: str, *, run_id: str | None = None
    ) -> dict[str, Any]:
        try:
            binding, _ = bind(kind, scope, shop_id, infor_id, run_id=run_id)
        except BindingConflict as conflict:
            raise NodeError(
                "binding.conflict",
                str(conflict),
                error_class=ErrorClass.CONFLICT,
                details={"existing": binding_json(conflict.existing)},
            ) from None
        return binding_json(binding)

    def unresolved(
        self,
        kind: str,
        scope: str,
        value: str,
        *,
        side: Side = "shop",
        run_id: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        entry = note_unresolved(kind, scope, value, side=side, run_id=run_id, context=context)
        return unresolved_json(entry)

    def rates(self, base: str, quote: str, on: str | None = None) -> list[dict[str, Any]]:
        return [rate_json(rate) for rate in stored_rates(base, quote, on)]

    def set_rates(self, rates: list[dict[str, Any]]) -> int:
        return store_rates(rates)

    def status_table(self, name: str) -> dict[str, Any] | None:
        table: dict[str, Any] | None = (
            StatusTable.objects.filter(name=name).values_list("table", flat=True).first()
        )
        return table
