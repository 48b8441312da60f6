"""The `m3api-rest/v2` dispatcher: checks inputs against the catalogue, runs the handler and
shapes records (columns, padding, limits) into the v2 envelope."""

from __future__ import annotations

import re
from typing import Any

from connectors.infor.sandbox import catalog
from connectors.infor.sandbox.dates import DATE_FIELDS, format_date
from connectors.infor.sandbox.errors import MIError
from connectors.infor.sandbox.options import Options
from connectors.infor.sandbox.programs import Call, handler_for
from connectors.infor.sandbox.state import COMPANY, Tenant

NUMBER = re.compile(r"-?\d{1,18}(\.\d{1,9})?")


def run_transaction(
    tenant: Tenant,
    settings: Any,
    program: str,
    transaction: str,
    record: dict[str, str],
    options: Options,
) -> dict[str, Any]:
    """One entry of ``results``: the records, or the error fields."""
    result: dict[str, Any] = {"transaction": transaction}
    if options.extended_result:
        result["parameters"] = dict(record)
    try:
        spec = _transaction(program, transaction)
        _check_company(options)
        _check_inputs(spec, record, settings)
        handler = handler_for(program, transaction)
        if handler is None:
            raise MIError(
                f"Transaction {transaction} is not implemented", "", "", "ServerReturnedNOK"
            )
        with tenant.lock:
            # Fields the transaction does not take are ignored, as M3 ignores them.
            inputs = {k: str(v) for k, v in record.items() if k in spec.inputs}
            rows = handler(Call(tenant, inputs, settings))
    except MIError as error:
        result.update(
            errorMessage=_pad(error.message, 132) if not options.right_trim else error.message,
            errorType=error.kind,
            errorCode=error.code,
            errorField=error.field,
            errorCfg="",
            records=[],
        )
        return result
    result["records"] = _shape(rows, spec.outputs, options, settings)
    return result


RESULT_KEYS = {
    "parameters": {},
    "errorMessage": "",
    "errorCode": "",
    "errorCfg": "",
    "errorField": "",
    "errorType": "",
    "notProcessed": False,
    "records": [],
}


def envelope(results: list[dict[str, Any]], full: bool = False) -> dict[str, Any]:
    """The v2 body; ``full`` also emits the keys Infor's schema lists but a call leaves empty
    (whether real tenants omit them or send them empty is not known)."""
    failed = sum(1 for r in results if r.get("errorMessage"))
    skipped = sum(1 for r in results if r.get("notProcessed"))
    body: dict[str, Any] = {
        "results": [{**RESULT_KEYS, **r} for r in results] if full else results,
        "wasTerminated": False,
        "nrOfSuccessfullTransactions": len(results) - failed - skipped,
        "nrOfNotProcessedTransactions": skipped,
        "nrOfFailedTransactions": failed,
    }
    if full:
        body |= {"terminationReason": "", "terminationErrorType": "", "bulkJobId": ""}
    return body


def _transaction(program: str, transaction: str) -> catalog.Transaction:
    spec = catalog.find(program, transaction)
    if spec is None:
        raise MIError(
            f"Transaction {transaction} does not exist in program {program}",
            "",
            "",
            "TransactionNotFound",
        )
    return spec


def _check_company(options: Options) -> None:
    if options.company and options.company != COMPANY:
        raise MIError(f"Not authorized for company {options.company}", "XAU0008", "CONO")


def _check_inputs(spec: catalog.Transaction, record: dict[str, str], settings: Any) -> None:
    for name in spec.inputs:
        if name in spec.mandatory and not str(record.get(name, "")).strip():
            heading = catalog.field(name).heading
            raise MIError(
                f"{heading} ({name}) must be entered",
                "WMA0101",
                name,
                settings.mandatory_error_type,
            )
        value = str(record.get(name, ""))
        field = catalog.field(name)
        if len(value) > field.length:
            raise MIError(
                f"Input field {name} is longer than {field.length}", "", name, "InputFieldTooLong"
            )
        if value.strip() and field.type == "N" and not _numeric(value):
            raise MIError(f"{field.heading} ({name}) must be numeric", "WNU0101", name)


def _numeric(value: str) -> bool:
    # M3 numbers are digits with "." as the decimal separator; no exponents, no infinities.
    return NUMBER.fullmatch(value.strip()) is not None


def _shape(
    rows: list[dict[str, Any]], outputs: tuple[str, ...], options: Options, settings: Any
) -> list[dict[str, str]]:
    limit = options.max_records if options.max_records is not None else settings.default_maxrecs
    if limit:
        rows = rows[:limit]
    columns = [c for c in outputs if not options.return_columns or c in options.return_columns]
    shaped = []
    for row in rows:
        record = {}
        for column in columns:
            value = _text(row.get(column, ""))
            if column in DATE_FIELDS:
                value = format_date(value, options.date_format)
            if options.exclude_empty and not value:
                continue
            record[column] = (
                value if options.right_trim else _pad(value, catalog.field(column).length)
            )
        shaped.append(record)
    return shaped


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))
    return "" if value is None else str(value)


def _pad(value: str, length: int) -> str:
    return value.ljust(length)
