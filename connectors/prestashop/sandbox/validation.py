"""Field rules of writes: required fields, read-only fields and PrestaShop's ``Validate::is*``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from connectors.prestashop.sandbox.definitions import ResourceDef, raw_data

# Required fields of the resources the recording has no synopsis for (spec section 7, "*").
REQUIRED: dict[str, tuple[str, ...]] = {
    "customers": ("passwd", "lastname", "firstname", "email"),
    "combinations": ("id_product", "minimal_quantity"),
    "order_carriers": ("id_order", "id_carrier"),
    "order_payments": ("id_currency", "amount"),
    "order_invoices": ("id_order", "number"),
    "carriers": ("name", "active", "delay"),
    "countries": (
        "id_zone",
        "iso_code",
        "contains_states",
        "need_identification_number",
        "display_tax_label",
        "name",
    ),
    "states": ("id_zone", "id_country", "iso_code", "name"),
    "carts": ("id_currency", "id_lang"),
}
FORMATS: dict[str, dict[str, str]] = {
    "customers": {
        "lastname": "isCustomerName",
        "firstname": "isCustomerName",
        "email": "isEmail",
        "secure_key": "isMd5",
        "id_default_group": "isUnsignedId",
        "active": "isBool",
        "birthday": "isBirthDate",
    },
    "combinations": {
        "id_product": "isUnsignedId",
        "minimal_quantity": "isUnsignedInt",
        "price": "isNegativePrice",
        "reference": "isReference",
    },
    "order_carriers": {"tracking_number": "isTrackingNumber", "id_order": "isUnsignedId"},
    "order_payments": {"amount": "isNegativePrice", "id_currency": "isUnsignedId"},
}
READ_ONLY: dict[str, tuple[str, ...]] = {"customers": ("last_passwd_gen",)}

_NAME = re.compile(r"^[^0-9!<>,;?=+()@#\"°{}_$%:¤|]*$")
_GENERIC = re.compile(r"^[^<>={}]*$")
_TRACKING = re.compile(r"^[~:#,%&_=\(\)\[\]\.\? \+\-@\/a-zA-Z0-9]+$")
_EMAIL = re.compile(r"^[a-z0-9!#$%&'*+/=?^`{}|~_.-]+@[a-z0-9_-]+(\.[a-z0-9_-]+)*\.[a-z]{2,}$", re.I)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

CHECKS: dict[str, Callable[[str], bool]] = {
    "isUnsignedId": lambda v: v.isdigit(),
    "isUnsignedInt": lambda v: v.isdigit(),
    "isInt": lambda v: re.match(r"^-?\d+$", v) is not None,
    "isBool": lambda v: v in ("0", "1", "true", "false"),
    "isPrice": lambda v: re.match(r"^\d+(\.\d+)?$", v) is not None,
    "isNegativePrice": lambda v: _NUMBER.match(v) is not None,
    "isFloat": lambda v: _NUMBER.match(v) is not None,
    "isUnsignedFloat": lambda v: re.match(r"^\d+(\.\d+)?$", v) is not None,
    "isName": lambda v: _NAME.match(v) is not None,
    "isCustomerName": lambda v: _NAME.match(v) is not None,
    "isGenericName": lambda v: _GENERIC.match(v) is not None,
    "isCatalogName": lambda v: _GENERIC.match(v) is not None and ";" not in v,
    "isEmail": lambda v: _EMAIL.match(v) is not None,
    "isMd5": lambda v: re.match(r"^[a-f0-9A-F]{32}$", v) is not None,
    "isTrackingNumber": lambda v: _TRACKING.match(v) is not None,
    "isReference": lambda v: re.match(r"^[^<>;={}]*$", v) is not None,
    "isDate": lambda v: re.match(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$", v) is not None,
    "isBirthDate": lambda v: re.match(r"^\d{4}-\d{2}-\d{2}$", v) is not None,
}


def _synopsis(definition: ResourceDef) -> dict[str, Any]:
    result: dict[str, Any] = raw_data()["synopsis"].get(definition.name, {})
    return result


def required_fields(definition: ResourceDef) -> list[str]:
    """Required fields in the resource's order."""
    synopsis = _synopsis(definition)
    if synopsis:
        wanted = {
            n
            for n, attrs in synopsis.items()
            if isinstance(attrs, dict) and attrs.get("required") == "true"
        }
    else:
        wanted = set(REQUIRED.get(definition.name, ()))
    return [f.name for f in definition.fields if f.name in wanted]


def read_only(definition: ResourceDef) -> set[str]:
    synopsis = _synopsis(definition)
    marked = {
        n
        for n, attrs in synopsis.items()
        if isinstance(attrs, dict) and attrs.get("readOnly") == "true"
    }
    return marked | set(READ_ONLY.get(definition.name, ()))


def invalid_field(definition: ResourceDef, name: str, value: Any) -> bool:
    """True when ``value`` breaks the field's ``format`` or ``maxSize``."""
    attrs = _synopsis(definition).get(name, {})
    fmt = attrs.get("format") or FORMATS.get(definition.name, {}).get(name)
    values = list(value.values()) if isinstance(value, dict) else [value]
    for text in ("" if v is None else str(v) for v in values):
        if not text:
            continue
        if "maxSize" in attrs and len(text) > int(attrs["maxSize"]):
            return True
        check = CHECKS.get(fmt or "")
        if check is not None and not check(text):
            return True
    return False
