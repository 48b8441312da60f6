"""Query-string filters of the run list; a value that cannot be read is a 400 naming it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from backend.runs.models import Run, RunMode, RunStatus


def filter_runs(runs: QuerySet[Run], params: Any) -> QuerySet[Run]:
    """Apply ``workflow``, ``status``, ``mode``, ``errorClass``, ``since``, ``until``,
    ``parent``, ``search``."""
    if value := params.get("workflow"):
        runs = runs.filter(workflow_id=_uuid("workflow", value))
    if value := params.get("parent"):
        runs = runs.filter(parent_run_id=_uuid("parent", value))
    if value := params.get("status"):
        runs = runs.filter(status__in=_choices("status", value, RunStatus.values))
    if value := params.get("mode"):
        runs = runs.filter(mode__in=_choices("mode", value, RunMode.values))
    if value := params.get("errorClass"):
        runs = runs.filter(error__errorClass__in=[v.strip() for v in value.split(",") if v.strip()])
    if value := params.get("since"):
        runs = runs.filter(created_at__gte=_datetime("since", value))
    if value := params.get("until"):
        runs = runs.filter(created_at__lt=_datetime("until", value))
    if value := (params.get("search") or "").strip():
        matches = Q(business_key__icontains=value)
        if run_id := _maybe_uuid(value):
            matches |= Q(pk=run_id)
        runs = runs.filter(matches)
    return runs


def _uuid(name: str, value: str) -> uuid.UUID:
    found = _maybe_uuid(value)
    if found is None:
        raise ValidationError({name: f"{value!r} is not an id (a UUID)."}, code="invalid")
    return found


def _maybe_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _choices(name: str, value: str, allowed: list[str]) -> list[str]:
    """One value or several separated by commas, each one of ``allowed``."""
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in allowed]
    if unknown:
        raise ValidationError(
            {name: f"Unknown {name} {unknown[0]!r}; one of: {', '.join(allowed)}."},
            code="invalid_choice",
        )
    return wanted


def _datetime(name: str, value: str) -> datetime:
    # An unencoded "+02:00" in a query string arrives as " 02:00".
    text = value.replace(" ", "+") if "T" in value else value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            {name: f"{value!r} is not an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z."},
            code="invalid",
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
