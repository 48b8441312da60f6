"""M3 MI transactions over `m3api-rest/v2`: one call by GET, many by bulk POST, lists streamed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from connectors.infor.envelope import M3Error, M3Result, check_envelope, parse_results
from connectors.infor.gateway import Gateway
from connectors.infor.streaming import stream_records

API_PATH = "M3/m3api-rest/v2/execute"
Record = Mapping[str, Any]


@dataclass(frozen=True)
class M3Options:
    """The v2 options. None leaves a value to M3's default (the user's company, trimmed)."""

    company: str | None = None
    division: str | None = None
    language: str | None = None
    max_records: int | None = None
    """``maxrecs``; 0 means no limit."""
    return_columns: tuple[str, ...] = ()
    right_trim: bool = True
    exclude_empty: bool | None = None
    date_format: str | None = None
    extended_result: bool | None = None
    syntax: Literal["query", "matrix"] = "query"
    """Options as query parameters (Infor's API documents) or matrix parameters (m3-odin)."""

    def values(self) -> dict[str, str]:
        pairs: dict[str, str | None] = {
            "cono": self.company,
            "divi": self.division,
            "lanc": self.language,
            "maxrecs": None if self.max_records is None else str(self.max_records),
            "returncols": ",".join(self.return_columns) or None,
            "righttrim": _flag(self.right_trim),
            "excludeempty": _flag(self.exclude_empty),
            "dateformat": self.date_format,
            "extendedresult": _flag(self.extended_result),
        }
        return {key: value for key, value in pairs.items() if value}

    def with_changes(self, **changes: Any) -> M3Options:
        return M3Options(**{**self.__dict__, **changes})


@dataclass
class M3Client:
    """Runs M3 transactions through one gateway."""

    gateway: Gateway
    company: str | None = None
    division: str | None = None
    transient_errors: frozenset[str] = field(default_factory=frozenset)
    """errorCode or errorType values to treat as transient; M3 documents none, so it is a
    setting (a terminated bulk job without a per-transaction error is always transient)."""

    def execute(
        self,
        program: str,
        transaction: str,
        record: Record | None = None,
        options: M3Options | None = None,
    ) -> M3Result:
        """One transaction by GET; raises ``M3Error`` when M3 refused it."""
        path, params = self._single(program, transaction, record, options)
        response = self.gateway.request("GET", path, params=params)
        body = _json(response.content, program, transaction, response.status_code)
        check_envelope(body, program, transaction, response.status_code, self.transient_errors)
        results = parse_results(body, program, self._trim(options), self.transient_errors)
        if not results:
            return M3Result(transaction, [])
        if results[0].error is not None:
            results[0].error.http_status = response.status_code
        return results[0].raise_for_error()

    def records(
        self,
        program: str,
        transaction: str,
        record: Record | None = None,
        options: M3Options | None = None,
    ) -> Iterator[dict[str, str]]:
        """The records of a list transaction, yielded while the response arrives."""
        path, params = self._single(program, transaction, record, options)
        response = self.gateway.open("GET", path, params=params)
        try:
            yield from stream_records(
                response,
                program,
                transaction,
                trim=self._trim(options),
                transient=self.transient_errors,
            )
        finally:
            response.close()

    def bulk(
        self,
        program: str,
        transactions: Sequence[tuple[str, Record]],
        options: M3Options | None = None,
    ) -> list[M3Result]:
        """Many transactions of one program in one POST; results come in request order, each
        with its own ``error`` (check them, or call ``raise_for_error``)."""
        options = self._defaults(options)
        body: dict[str, Any] = {
            "program": program,
            "transactions": [
                {"transaction": name, "record": _strings(record)} for name, record in transactions
            ],
        }
        if options.company:
            body["cono"] = int(options.company)
        if options.division:
            body["divi"] = options.division
        response = self.gateway.request(
            "POST", API_PATH, params=options.with_changes(syntax="query").values(), json=body
        )
        envelope = _json(response.content, program, "(bulk)", response.status_code)
        results = parse_results(envelope, program, options.right_trim, self.transient_errors)
        if not results:
            check_envelope(envelope, program, "(bulk)", response.status_code, self.transient_errors)
        return results

    def _single(
        self, program: str, transaction: str, record: Record | None, options: M3Options | None
    ) -> tuple[str, dict[str, str]]:
        options = self._defaults(options)
        params = _strings(record or {})
        path = f"{API_PATH}/{_segment(program)}/{_segment(transaction)}"
        if options.syntax == "matrix":
            path += "".join(f";{key}={value}" for key, value in options.values().items())
        else:
            params.update(options.values())
        return path, params

    def _defaults(self, options: M3Options | None) -> M3Options:
        options = options or M3Options()
        return options.with_changes(
            company=options.company or self.company or None,
            division=options.division or self.division or None,
        )

    @staticmethod
    def _trim(options: M3Options | None) -> bool:
        return options.right_trim if options else True


def _strings(record: Record) -> dict[str, str]:
    """M3 takes every input as text; empty values are left out rather than sent blank."""
    values: dict[str, str] = {}
    for key, value in record.items():
        if value is None or value == "":
            continue
        values[str(key)] = str(value).lower() if isinstance(value, bool) else str(value)
    return values


def _flag(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()


def _segment(name: str) -> str:
    if not name or not name.isalnum():
        raise ValueError(f"{name!r} is not an M3 program or transaction name.")
    return name


def _json(content: bytes, program: str, transaction: str, status: int) -> dict[str, Any]:
    try:
        body = json.loads(content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise M3Error(
            program,
            transaction,
            error_message=f"M3 answered HTTP {status} with a body that is not an M3 envelope.",
            error_type="InvalidResponse",
            http_status=status,
            transient=status >= 500,
        )
    return body


__all__ = ["M3Client", "M3Error", "M3Options", "M3Result"]
