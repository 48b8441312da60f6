"""Discovering M3 programs, transactions and fields through MRS001MI, for the mapping designer."""

from __future__ import annotations

from typing import Any, Literal

from connectors.infor.m3 import M3Client, M3Options

ALL = M3Options(max_records=0)


def programs(client: M3Client) -> list[dict[str, str]]:
    rows = client.records("MRS001MI", "LstPrograms", {}, ALL)
    return [{"program": r.get("MINM", ""), "description": r.get("TX60", "")} for r in rows]


def transactions(client: M3Client, program: str) -> list[dict[str, str]]:
    rows = client.records("MRS001MI", "LstTransactions", {"MINM": program}, ALL)
    return [{"transaction": r.get("TRNM", ""), "description": r.get("TX60", "")} for r in rows]


def fields(
    client: M3Client, program: str, transaction: str, direction: Literal["I", "O"]
) -> list[dict[str, Any]]:
    """Field metadata: name, type (A alpha, N numeric, D date), length and description."""
    record = {"MINM": program, "TRNM": transaction, "TRTP": direction}
    rows = client.records("MRS001MI", "LstAdtFieldInf", record, ALL)
    return [
        {
            "name": r.get("FLNM", ""),
            "type": r.get("TYPE", ""),
            "length": int(r.get("LENG") or 0),
            "description": r.get("FLDS", ""),
        }
        for r in rows
    ]


def describe(client: M3Client, program: str, transaction: str) -> dict[str, Any]:
    return {
        "program": program,
        "transaction": transaction,
        "inputs": fields(client, program, transaction, "I"),
        "outputs": fields(client, program, transaction, "O"),
    }
