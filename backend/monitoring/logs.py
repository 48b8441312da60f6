"""Structured logs: one JSON object per line, carrying the ids of the run being executed.

``FERRY_LOG_FORMAT=json`` selects ``JsonFormatter``. Run execution sets the context with
``log_context(run_id=..., workflow_id=...)``; ``StepLogContext`` wraps the executor's event sink
so records logged while a step runs also carry ``step_id`` and ``node_id``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from workflows.run_store import EventSink

CONTEXT_FIELDS = ("run_id", "workflow_id", "step_id", "node_id")

_context: ContextVar[dict[str, str]] = ContextVar("ferry_log_context", default={})  # noqa: B039


def current_context() -> dict[str, str]:
    return dict(_context.get())


@contextmanager
def log_context(**fields: object) -> Iterator[None]:
    """Add ``fields`` (None values are left out) to every record logged inside the block."""
    added = {name: str(value) for name, value in fields.items() if value is not None}
    token = _context.set({**_context.get(), **added})
    try:
        yield
    finally:
        _context.reset(token)


class StepLogContext:
    """An EventSink wrapper: between a step's start and finish, logs name the step and node."""

    def __init__(self, inner: EventSink) -> None:
        self.inner = inner

    def emit(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "step.started":
            step = {"step_id": event.get("stepId"), "node_id": event.get("nodeId")}
            _context.set({**_context.get(), **{k: str(v) for k, v in step.items() if v}})
        elif kind == "step.finished":
            remaining = {k: v for k, v in _context.get().items() if k not in ("step_id", "node_id")}
            _context.set(remaining)
        self.inner.emit(event)


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the run's ids if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_context.get())
        for name in CONTEXT_FIELDS:
            # Ids passed explicitly with ``extra=`` win over the ambient context.
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The human format of ``make run``, with the run id appended when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        context = _context.get()
        if "run_id" in context:
            where = " ".join(f"{k}={context[k]}" for k in CONTEXT_FIELDS if k in context)
            return f"{text} [{where}]"
        return text
