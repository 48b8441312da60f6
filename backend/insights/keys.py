"""Which business keys a run touched: read from its input and its steps when it stops."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError
from django.db.models import TextField
from django.db.models.functions import Cast

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
MAX_KEYS = 500
MAX_LENGTH = 200


def normalise(key: str) -> str:
    """Keys are compared without case and surrounding spaces (e-mails, SKUs typed by people)."""
    return key.strip().lower()


# A key field's name, then a JSON string or integer value. Matched on the stored JSON text, so a
# run's steps are searched without decoding them; a quote escaped inside a string value never
# matches, so JSON embedded in a text field is not mistaken for fields.
_KEY_VALUE = re.compile(
    r'(?<!\\)"('
    + "|".join(sorted(KEY_FIELDS))
    + r')"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+)(?![.\deE]))',
    re.IGNORECASE,
)


def keys_in_json(text: str) -> Iterator[str]:
    """Every string or integer value under a key field, at any depth, in a JSON text."""
    for match in _KEY_VALUE.finditer(text):
        string, number = match.group(2), match.group(3)
        if string is not None:
            try:
                value = str(json.loads(f'"{string}"'))
            except ValueError:
                continue
        else:
            value = number
        key = normalise(value)
        if key and len(key) <= MAX_LENGTH:
            yield key


def keys_in(data: Any) -> Iterator[str]:
    """Every value under a key field, at any depth, in decoded JSON data."""
    return keys_in_json(json.dumps(data, default=str))


def run_keys(run: Run, steps: list[tuple[Any, Any]] | None = None) -> set[str]:
    """The keys of a run: its business key, its input, and every step's inputs and outputs.

    ``steps`` are the run's (outputs, inputs), last step first, when the caller holds them.
    """
    found: set[str] = set()
    if run.business_key:
        found.add(normalise(run.business_key))
    # Last steps first: a batch run reads many records early and acts on a few at the end, and
    # the keys it acted on must not be crowded out by the cap.
    texts: Any = (
        Step.objects.filter(run=run)
        .order_by("-id")
        .values_list(Cast("outputs", TextField()), Cast("inputs", TextField()))
        if steps is None
        else [[_text(value) for value in step] for step in steps]
    )
    sources: list[str] = []
    for outputs, inputs in texts:
        sources.extend(text for text in (outputs, inputs) if text)
    sources.append(json.dumps(run.input, default=str))
    for source in sources:
        for key in keys_in_json(source):
            found.add(key)
            if len(found) >= MAX_KEYS:
                return found
    return found


def _text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, default=str)


def record_run_keys(run: Run, steps: list[tuple[Any, Any]] | None = None) -> None:
    """Store the run's keys; called when a run stops (finished or waiting), safe to repeat.

    The run's outcome is already stored: a failure here costs its timeline entry, not the run.
    """
    try:
        rows = [RunKey(run=run, key=key) for key in run_keys(run, steps)]
        RunKey.objects.bulk_create(rows, ignore_conflicts=True)
    except DatabaseError:
        log.warning("The business keys of run %s were not recorded", run.pk, exc_info=True)
