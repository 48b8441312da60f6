"""Reads a list transaction's records one by one while the response body is still arriving."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx

from connectors.infor.envelope import M3Error, check_envelope, parse_results

_RECORDS = re.compile(r'"records"\s*:\s*\[')
_DECODER = json.JSONDecoder()


def stream_records(
    response: httpx.Response,
    program: str,
    transaction: str,
    *,
    trim: bool = True,
    transient: frozenset[str] = frozenset(),
) -> Iterator[dict[str, str]]:
    """Yield ``results[0].records`` as each record is complete, then raise the envelope's error
    if it carries one (a list cut short by M3 reports it after its rows)."""
    chunks = response.iter_text()
    buffer = ""
    prefix = ""
    for chunk in chunks:
        buffer += chunk
        found = _RECORDS.search(buffer)
        if found:
            prefix, buffer = buffer[: found.end() - 1], buffer[found.end() :]
            break
    else:
        _finish(buffer, response.status_code, program, transaction, trim, transient)
        return
    while True:
        buffer = buffer.lstrip(" \t\r\n,")
        if buffer.startswith("]"):
            rest = buffer[1:] + "".join(chunks)
            _finish(
                prefix + "[]" + rest, response.status_code, program, transaction, trim, transient
            )
            return
        try:
            record, end = _DECODER.raw_decode(buffer)
        except ValueError:
            more = next(chunks, None)
            if more is None:
                raise _broken(program, transaction, response.status_code) from None
            buffer += more
            continue
        buffer = buffer[end:]
        if isinstance(record, dict):
            values = {str(k): "" if v is None else str(v) for k, v in record.items()}
            yield {k: v.rstrip() for k, v in values.items()} if trim else values


def _finish(
    text: str,
    status: int,
    program: str,
    transaction: str,
    trim: bool,
    transient: frozenset[str],
) -> None:
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise _broken(program, transaction, status)
    check_envelope(body, program, transaction, status, transient)
    for result in parse_results(body, program, trim, transient):
        result.raise_for_error()


def _broken(program: str, transaction: str, status: int) -> M3Error:
    return M3Error(
        program,
        transaction,
        error_message=f"M3 answered HTTP {status} with a body that is not a complete M3 envelope.",
        error_type="InvalidResponse",
        http_status=status,
        transient=status >= 500,
    )
