"""Customer and item master data between M3 field names and the names people map with."""

from __future__ import annotations

from typing import Any

CUSTOMER_FIELDS = {
    "customerNumber": "CUNO",
    "name": "CUNM",
    "address1": "CUA1",
    "address2": "CUA2",
    "address3": "CUA3",
    "address4": "CUA4",
    "postalCode": "PONO",
    "city": "TOWN",
    "country": "CSCD",
    "state": "ECAR",
    "phone": "PHNO",
    "email": "MAIL",
    "yourReference": "YREF",
    "status": "STAT",
    "currency": "CUCD",
    "language": "LNCD",
    "changedOn": "LMDT",
}
ITEM_FIELDS = {
    "item": "ITNO",
    "name": "ITDS",
    "description": "FUDS",
    "status": "STAT",
    "unit": "UNMS",
    "itemGroup": "ITGR",
    "productGroup": "ITCL",
    "itemType": "ITTY",
    "grossWeight": "GRWE",
    "volume": "VOL3",
    "changedOn": "LMDT",
}


READ_ONLY = frozenset({"changedOn"})


def from_m3(record: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    """Friendly keys for the fields present, plus the raw record under ``m3``."""
    friendly: dict[str, Any] = {
        name: record[field] for name, field in names.items() if field in record
    }
    friendly["m3"] = dict(record)
    return friendly


def to_m3(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """M3 inputs from friendly keys (M3 names given directly are kept too)."""
    record = {
        field: data[name] for name, field in names.items() if data.get(name) not in (None, "")
    }
    raw = data.get("m3")
    if isinstance(raw, dict):
        record |= {k: v for k, v in raw.items() if k.isupper() and v not in (None, "")}
    return record
