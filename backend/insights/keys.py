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
from backend.runs import prepared
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
MAX_DEPTH = 32
MAX_LENGTH = 200


def normalise(key: str) -> str:
    """Keys are compared without case and surrounding spaces (e-mails, SKUs typed by people)."""
    return key.strip().lower()


# A key field's name, then a JSON string or integer value, in JSON text already in lower case
# (keys are compared in lower case anyway). Matched on the stored text, so steps read back from
# the database are searched without decoding them; a quote escaped inside a string value never
# matches, so JSON embedded in a text field is not mistaken for fields.
_KEY_VALUE = re.compile(
    r'(?<!\\)"('
    + "|".join(sorted(KEY_FIELDS))
    + r')"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+)(?![.\de]))'
)


def keys_in_json(text: str) -> Iterator[str]:
    """Every string or integer value under a key field, at any depth, in a JSON text."""
    for match in _KEY_VALUE.finditer(text.lower()):
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


def keys_in(data: Any, depth: int = 0) -> Iterator[str]:
    """Every string or integer value under a key field, at any depth, in decoded JSON data."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(name, str) and name.lower() in KEY_FIELDS:
                if isinstance(value, str | int) and not isinstance(value, bool):
                    key = normalise(str(value))
                    if key and len(key) <= MAX_LENGTH:
                        yield key
            if isinstance(value, dict | list):
                yield from keys_in(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from keys_in(value, depth + 1)


def run_keys(run: Run, outputs: list[Any] | None = None) -> set[str]:
    """The keys of a run: its business key, its input, and every step's outputs (a step's
    inputs are what earlier steps put out, so they hold no key the outputs do not).

    ``outputs`` are the run's step outputs, last step first, when the caller holds them;
    otherwise they are read back as stored text.
    """
    found: set[str] = set()
    if run.business_key:
        found.add(normalise(run.business_key))
    # Last steps first: a batch run reads many records early and acts on a few at the end, and
    # the keys it acted on must not be crowded out by the cap.
    if outputs is None:
        texts = (
            Step.objects.filter(run=run, outputs__isnull=False)
            .order_by("-id")
            .values_list(Cast("outputs", TextField()), flat=True)
        )
        found_keys: Iterator[str] = (key for text in texts if text for key in keys_in_json(text))
    else:
        found_keys = (key for output in outputs if output for key in keys_in(output))
    for key in (*found_keys, *keys_in(run.input)):
        found.add(key)
        if len(found) >= MAX_KEYS:
            return found
    return found


# Every run ends with this, so it is written once rather than compiled by the ORM each time.
_INSERT = (
    f"INSERT INTO {RunKey._meta.db_table} (run_id, key) VALUES {{rows}} ON CONFLICT DO NOTHING"
)


def record_run_keys(run: Run, outputs: list[Any] | None = None) -> None:
    """Store the run's keys; called when a run stops (finished or waiting), safe to repeat.

    The run's outcome is already stored: a failure here costs its timeline entry, not the run.
    """
    try:
        keys = run_keys(run, outputs)
        if not keys:
            return
        run_id = prepared.db_value(RunKey, "run", run.pk)
        rows = ", ".join(["(%s, %s)"] * len(keys))
        with prepared.cursor() as cursor:
            # One statement (not executemany: psycopg's pipeline for it costs more than this).
            cursor.execute(_INSERT.format(rows=rows), [v for key in keys for v in (run_id, key)])
    except DatabaseError:
        log.warning("The business keys of run %s were not recorded", run.pk, exc_info=True)
