"""NodeError: the one way a node reports failure, saying whether a retry could help."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorClass(StrEnum):
    """What kind of failure it was, in the words operations staff use to triage."""

    CONNECTION = "connection"
    AUTH = "auth"
    VALIDATION = "validation"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    TIMEOUT = "timeout"
    RATE_LIMIT = "rate_limit"
    BUG = "bug"


class NodeError(Exception):
    """A failure a node raises on purpose.

    ``code`` is a stable dotted identifier (``http.status_500``, ``mapping.invalid``) that retry
    policies and the error console group by; ``message`` is one sentence a person understands;
    ``field`` names the config or data field at fault, when there is one.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retryable: bool = False,
        error_class: ErrorClass = ErrorClass.BUG,
        field: str | None = None,
        details: dict[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.retryable = retryable
        self.error_class = error_class
        self.field = field
        self.details = details or {}
        self.retry_after = retry_after
        """Seconds the target asked us to wait (``Retry-After``); overrides the policy delay."""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
            "errorClass": str(self.error_class),
            "field": self.field,
            "details": self.details,
        }


class Suspend(Exception):
    """Raised by a node that must wait (a delay, a rate limit) without holding a worker.

    The engine checkpoints the step as waiting and hands the run back with a due time; when the
    run resumes after ``until`` the node executes again with the same inputs.
    """

    def __init__(self, until: float, reason: str = "") -> None:
        super().__init__(reason or "waiting")
        self.until = until
        """Epoch seconds (``time.time()``) when the run may continue."""
        self.reason = reason
