"""MRS001MI: what programs, transactions and fields the tenant has (for mapping designers)."""

from __future__ import annotations

from connectors.infor.sandbox import catalog
from connectors.infor.sandbox.errors import MIError, not_found
from connectors.infor.sandbox.programs import Call, Row, handles


@handles("MRS001MI", "LstPrograms")
def list_programs(call: Call) -> list[Row]:
    start = call.get("MINM")
    return [
        {"MINM": p, "TX60": catalog.PROGRAM_NAMES.get(p, p)}
        for p in catalog.programs()
        if p >= start
    ]


@handles("MRS001MI", "LstTransactions")
def list_transactions(call: Call) -> list[Row]:
    program = call.get("MINM")
    if program not in catalog.programs():
        raise not_found("Program", program, "WMI0203", "MINM")
    names = [t for (p, t) in catalog.TRANSACTIONS if p in (program, catalog.GENERIC)]
    return [{"MINM": program, "TRNM": name, "TX60": name} for name in sorted(names)]


@handles("MRS001MI", "LstFields")
@handles("MRS001MI", "LstAdtFieldInf")
def list_fields(call: Call) -> list[Row]:
    transaction = catalog.find(call.get("MINM"), call.get("TRNM"))
    if transaction is None:
        raise not_found("Transaction", call.get("TRNM"), "WMI0204", "TRNM")
    direction = call.get("TRTP") or "O"
    if direction not in ("I", "O"):
        raise MIError("Direction must be I or O", "WMI0101", "TRTP")
    names = transaction.inputs if direction == "I" else transaction.outputs
    rows = []
    for name in names:
        field = catalog.field(name)
        mandatory = " (mandatory)" if direction == "I" and name in transaction.mandatory else ""
        rows.append(
            {
                "FLNM": name,
                "TYPE": field.type,
                "LENG": field.length,
                "FLDS": field.heading + mandatory,
            }
        )
    return rows
