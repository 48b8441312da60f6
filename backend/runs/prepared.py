"""Cursors for the few statements every run executes (checkpoints, run end).

On PostgreSQL they bind parameters on the server and are prepared once per connection, so the
database parses and plans each of them once instead of at every step, and the worker does not
format the values into the SQL text. Everything else keeps Django's default client-side
binding. ``FERRY_PREPARED_STATEMENTS=0`` turns this off, for a connection pooler in
transaction mode that cannot keep a session's prepared statements.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorWrapper


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
