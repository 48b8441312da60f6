"""Which business keys a run touched: read from its input and its steps when it stops."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError

from backend.insights.models import RunKey
from backend.runs.models import Run, Step

# Field names under which the shop, M3 and the templates carry the keys people search by.
KEY_FIELDS = frozenset(
    {
        "reference",
        "orderreference",
        "ordernumber",
        "orno",
        "cuor",
        "email",
        "mail",
        "emal",
        "item",
        "itno",
        "sku",
        "customer",
        "cuno",
        "customernumber",
    }
)
log = logging.getLogger(__name__)
MAX_DEPTH = 8
MAX_KEYS = 500
MAX_LENGTH = 200


def normalise(key: str) -> str:
    """Keys are compared without case and surrounding spaces (e-mails, SKUs typed by people)."""
    return key.strip().lower()


def keys_in(data: Any, depth: int = 0) -> Iterator[str]:
    """Every value under a key field, at any depth up to MAX_DEPTH."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(name, str) and name.lower() in KEY_FIELDS:
                if isinstance(value, str | int) and not isinstance(value, bool):
                    text = normalise(str(value))
                    if text and len(text) <= MAX_LENGTH:
                        yield text
            if isinstance(value, dict | list):
                yield from keys_in(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from keys_in(value, depth + 1)


def run_keys(run: Run) -> set[str]:
    """The keys of a run: its business key, its input, and every step's inputs and outputs."""
    found: set[str] = set()
    if run.business_key:
        found.add(normalise(run.business_key))
    # Last steps first: a batch run reads many records early and acts on a few at the end, and
    # the keys it acted on must not be crowded out by the cap.
    sources: list[Any] = []
    steps = Step.objects.filter(run=run).order_by("-id").values_list("outputs", "inputs")
    for outputs, inputs in steps:
        sources.extend((outputs, inputs))
    sources.append(run.input)
    for source in sources:
        for key in keys_in(source):
            found.add(key)
            if len(found) >= MAX_KEYS:
                return found
    return found


def record_run_keys(run: Run) -> None:
    """Store the run's keys; called when a run stops (finished or waiting), safe to repeat.

    The run's outcome is already stored: a failure here costs its timeline entry, not the run.
    """
    try:
        rows = [RunKey(run=run, key=key) for key in run_keys(run)]
        RunKey.objects.bulk_create(rows, ignore_conflicts=True)
    except DatabaseError:
        log.warning("The business keys of run %s were not recorded", run.pk, exc_info=True)
