"""Cursors for the few statements every run executes (checkpoints, run end).

On PostgreSQL they bind parameters on the server and are prepared once per connection, so the
database parses and plans each of them once instead of at every step, and the worker does not
format the values into the SQL text. Everything else keeps Django's default client-side
binding. ``FERRY_PREPARED_STATEMENTS=0`` turns this off, for a connection pooler in
transaction mode that cannot keep a session's prepared statements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorWrapper
from django.db.models import Model


class PreparingCursor(ServerBindingCursor):  # type: ignore[misc, valid-type]
    """Binds on the server and prepares every statement it executes."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
        options.setdefault("prepare", True)
        return super().execute(query, params, **options)  # type: ignore[misc]

    def _convert_query(self, query: Any, params: Any = None) -> Any:
        # psycopg keeps no query for a prepared execution; Django's query log reads this one,
        # so the statement shows up there (with $n markers) like any other.
        self._query = converted = super()._convert_query(query, params)  # type: ignore[misc]
        return converted


def cursor() -> CursorWrapper:
    """A cursor for a hot statement; use it like ``connection.cursor()``."""
    if connection.vendor != "postgresql" or not settings.FERRY_PREPARED_STATEMENTS:
        return connection.cursor()
    db: Any = connection
    db.ensure_connection()
    # Wrapped by Django like its own cursors: query logging, execute wrappers, error mapping.
    raw: Any = PreparingCursor
    wrapped: CursorWrapper = db._prepare_cursor(raw(db.connection))
    return wrapped


def db_value(model: type[Model], name: str, value: Any) -> Any:
    """``value`` as the database wants it for the column of field ``name`` of ``model``."""
    return db_values(model, [(name, value)])[0]


def db_values(model: type[Model], values: Iterable[tuple[str, Any]]) -> list[Any]:
    """Each ``(field name, value)`` as the database wants it, in order."""
    # The connection itself, not the ``connection`` proxy: the fields ask it many things, and
    # each question to the proxy is a thread-local lookup (a tenth of a checkpoint's CPU).
    db = connections[DEFAULT_DB_ALIAS]
    fields: Any = model._meta
    return [fields.get_field(name).get_db_prep_save(value, db) for name, value in values]
