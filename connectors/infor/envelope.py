"""The v2 response envelope: results, records and the M3 error fields, read into types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

M3_VALIDATION_TYPES = frozenset({"MandatoryInputFieldNotFound", "InputFieldTooLong"})


class M3Error(Exception):
    """M3 refused a transaction (or a whole call) and said why."""

    def __init__(
        self,
        program: str,
        transaction: str,
        *,
        error_message: str = "",
        error_code: str = "",
        error_field: str = "",
        error_type: str = "",
        error_cfg: str = "",
        http_status: int | None = None,
        transient: bool = False,
    ) -> None:
        self.program = program
        self.transaction = transaction
        self.error_message = _clean(error_message)
        self.error_code = error_code.strip()
        self.error_field = error_field.strip()
        self.error_type = error_type.strip()
        self.error_cfg = (error_cfg or "").strip()
        self.http_status = http_status
        self.transient = transient
        super().__init__(self.summary())

    def summary(self) -> str:
        code = f" [{self.error_code}]" if self.error_code else ""
        text = self.error_message or self.error_type or "transaction failed"
        return f"M3 {self.program}/{self.transaction}: {text}{code}"

    def to_json(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "transaction": self.transaction,
            "errorCode": self.error_code,
            "errorField": self.error_field,
            "errorMessage": self.error_message,
            "errorType": self.error_type,
            "errorCfg": self.error_cfg,
            "httpStatus": self.http_status,
            "transient": self.transient,
        }


@dataclass
class M3Result:
    """One transaction's outcome: its records, or its error."""

    transaction: str
    records: list[dict[str, str]] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)
    error: M3Error | None = None
    not_processed: bool = False

    def first(self) -> dict[str, str]:
        """The first record, or an empty one (Get transactions return 0..1)."""
        return self.records[0] if self.records else {}

    def raise_for_error(self) -> M3Result:
        if self.error is not None:
            raise self.error
        return self


def parse_results(
    body: dict[str, Any], program: str, trim: bool, transient: frozenset[str] = frozenset()
) -> list[M3Result]:
    """Every entry of ``results``, in order, each with its records or error."""
    results = body.get("results")
    if not isinstance(results, list):
        return []
    return [
        _result(entry, program, trim, transient) for entry in results if isinstance(entry, dict)
    ]


def check_envelope(
    body: dict[str, Any],
    program: str,
    transaction: str,
    status: int,
    transient: frozenset[str] = frozenset(),
) -> None:
    """Raise the call-level error: top-level error fields (v2 single calls answering 400 put
    them there) or a terminated job. Per-result errors are left to ``parse_results``."""
    if _has_error(body):
        raise _error(body, program, transaction, status, transient)
    if _truthy(body.get("wasTerminated")) and not _any_result_error(body):
        raise M3Error(
            program,
            transaction,
            error_message=str(body.get("terminationReason") or "M3 terminated the call."),
            error_type=str(body.get("terminationErrorType") or "Terminated"),
            http_status=status,
            transient=True,
        )
    if status >= 400 and not _any_result_error(body):
        raise M3Error(
            program,
            transaction,
            error_message=f"M3 answered HTTP {status} without saying why.",
            error_type="InvalidResponse",
            http_status=status,
        )


def _result(entry: dict[str, Any], program: str, trim: bool, transient: frozenset[str]) -> M3Result:
    transaction = str(entry.get("transaction") or "")
    records = [_record(r, trim) for r in entry.get("records") or [] if isinstance(r, dict)]
    parameters = entry.get("parameters") if isinstance(entry.get("parameters"), dict) else {}
    error = _error(entry, program, transaction, None, transient) if _has_error(entry) else None
    return M3Result(
        transaction,
        records,
        {str(k): str(v) for k, v in (parameters or {}).items()},
        error,
        _truthy(entry.get("notProcessed")),
    )


def _record(record: dict[str, Any], trim: bool) -> dict[str, str]:
    values = {str(k): "" if v is None else str(v) for k, v in record.items()}
    return {k: v.rstrip() for k, v in values.items()} if trim else values


def _has_error(entry: dict[str, Any]) -> bool:
    return bool(str(entry.get("errorMessage") or "").strip() or entry.get("errorCode"))


def _any_result_error(body: dict[str, Any]) -> bool:
    results = body.get("results")
    return isinstance(results, list) and any(isinstance(r, dict) and _has_error(r) for r in results)


def _error(
    entry: dict[str, Any],
    program: str,
    transaction: str,
    status: int | None,
    transient: frozenset[str],
) -> M3Error:
    code = str(entry.get("errorCode") or "")
    kind = str(entry.get("errorType") or "")
    return M3Error(
        program,
        str(entry.get("transaction") or transaction),
        error_message=str(entry.get("errorMessage") or ""),
        error_code=code,
        error_field=str(entry.get("errorField") or ""),
        error_type=kind,
        error_cfg=str(entry.get("errorCfg") or ""),
        http_status=status,
        transient=bool({code.strip(), kind.strip()} & transient),
    )


def _truthy(value: Any) -> bool:
    # One captured tenant answered wasTerminated as the string "false".
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _clean(message: str) -> str:
    # M3 pads messages to a fixed width and may repeat spaces inside them.
    return " ".join((message or "").split())
