"""Reading Webservice bodies: JSON with its quirks, tolerant XML, and error lists.

The JSON renderer of PrestaShop has habits a client must undo (spec section 3.4): an empty list
is a bare ``[]``; a request with ``display`` is list-shaped even for one id; integers are numbers
on PHP 8.1+ and strings before; a single object drops every falsy field; association rows broken
by the 8.0 ``<0>`` bug come out as ``[null]``. Records leave this module in one shape whatever the
shop's version: integer fields as ``int``, everything else as PrestaShop wrote it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from connectors.prestashop.errors import ResponseFormatError, WebserviceMessage

Record = dict[str, Any]

INT_FIELDS = frozenset(
    {
        "id",
        "active",
        "additional_delivery_times",
        "available_for_order",
        "cache_default_attribute",
        "cache_has_attachments",
        "cache_is_pack",
        "call_prefix",
        "contains_states",
        "current_state",
        "default_on",
        "deleted",
        "delivery",
        "delivery_number",
        "depends_on_stock",
        "gift",
        "hidden",
        "indexed",
        "invoice",
        "invoice_number",
        "is_guest",
        "logable",
        "max_payment_days",
        "minimal_quantity",
        "mobile_theme",
        "need_zip_code",
        "newsletter",
        "number",
        "optin",
        "out_of_stock",
        "pack_stock_type",
        "paid",
        "pdf_delivery",
        "pdf_invoice",
        "position",
        "position_in_category",
        "precision",
        "product_attribute_id",
        "product_id",
        "product_quantity",
        "product_quantity_in_stock",
        "quantity",
        "recyclable",
        "round_mode",
        "round_type",
        "send_email",
        "shipped",
        "shipping_handling",
        "shipping_tax_computation_method",
        "show_price",
        "show_public_prices",
        "state",
        "unremovable",
        "valid",
    }
)
"""Fields PrestaShop stores as INT; ids (``id_*``, ``*_id``) are recognised by name."""

_INT_TEXT = re.compile(r"^-?\d+$")


def is_int_field(name: str) -> bool:
    return name in INT_FIELDS or name.startswith("id_") or name.endswith("_id")


def coerce_value(name: str, value: Any) -> Any:
    """``"5"`` becomes ``5`` for integer fields (PHP < 8.1 shops); other values pass through."""
    if isinstance(value, str) and is_int_field(name) and _INT_TEXT.match(value):
        return int(value)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if all(set(v) == {"id", "value"} for v in value):
            return [{"id": int(v["id"]), "value": v["value"]} for v in value]
    return value


def normalise_record(record: Record) -> Record:
    """One record with integer fields typed and association rows cleaned."""
    out: Record = {}
    for name, value in record.items():
        if name == "associations" and isinstance(value, dict):
            out[name] = {key: _rows(rows) for key, rows in value.items()}
        else:
            out[name] = coerce_value(name, value)
    return out


def _rows(rows: Any) -> list[Record]:
    # A row hit by the 8.0 "<0>" bug has lost its id: nothing in it can be used.
    if not isinstance(rows, list):
        return []
    return [normalise_record(row) for row in rows if isinstance(row, dict)]


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ResponseFormatError(f"The shop sent JSON that cannot be read: {exc}") from exc


def records_from_json(payload: Any, fields: tuple[str, ...] = ()) -> list[Record]:
    """Every record of a JSON list or single-object body; ``[]`` is the empty list.

    A single object has lost its falsy fields; with the resource's ``fields`` they come back,
    as 0 for integer fields and "" for the rest (the shop does not say which falsy it was).
    """
    if payload == [] or payload is None:
        return []
    if not isinstance(payload, dict) or len(payload) != 1:
        raise ResponseFormatError("The shop sent JSON in an unexpected shape.")
    (value,) = payload.values()
    if isinstance(value, list):
        return [normalise_record(item) for item in value if isinstance(item, dict)]
    if isinstance(value, dict):
        return [restore_dropped(normalise_record(value), fields)]
    raise ResponseFormatError("The shop sent JSON in an unexpected shape.")


def restore_dropped(record: Record, fields: tuple[str, ...]) -> Record:
    """``record`` with every field of ``fields`` it lacks, in the resource's order."""
    if not fields:
        return record
    restored = {name: record.get(name, 0 if is_int_field(name) else "") for name in fields}
    restored.update({k: v for k, v in record.items() if k not in restored})
    return restored


# The 8.0 renderer writes association items without a name as "<0>...</0>", which is not XML.
_NUMERIC_TAG = re.compile(r"<(/?)(\d+)(\s*/?)>")


def parse_xml(text: str) -> ET.Element:
    """The ``<prestashop>`` root element, surviving the numeric-tag bug of 8.0 on PHP 8."""
    if text.startswith("xml="):
        text = text[4:]
    cleaned = _NUMERIC_TAG.sub(r"<\1_\2\3>", text)
    try:
        return ET.fromstring(cleaned)
    except ET.ParseError as exc:
        raise ResponseFormatError(f"The shop sent XML that cannot be read: {exc}") from exc


def record_from_element(element: ET.Element, *, languages: bool = False) -> Record:
    """An XML entity (``<order>…</order>``) as a record shaped like the JSON one; with
    ``languages`` every language field stays a ``[{"id", "value"}]`` list, as a write needs."""
    record: Record = {}
    if element.get("id") is not None and not len(element):
        return {"id": int(element.get("id", "0"))}
    for child in element:
        if child.tag == "associations":
            record["associations"] = {a.tag: _xml_rows(a) for a in child}
        elif len(child) and child[0].tag == "language":
            values = [{"id": int(lang.get("id", "0")), "value": lang.text or ""} for lang in child]
            keep = languages or len(values) > 1
            record[child.tag] = values if keep else values[0]["value"]
        else:
            record[child.tag] = coerce_value(child.tag, child.text or "")
    return record


def _xml_rows(association: ET.Element) -> list[Record]:
    rows = []
    for item in association:
        if any(sub.tag.startswith("_") for sub in item):
            continue
        rows.append(record_from_element(item))
    return rows


def records_from_xml(text: str, *, languages: bool = False) -> list[Record]:
    """Every entity in an XML list or single-object body."""
    root = parse_xml(text)
    if not len(root):
        return []
    top = root[0]
    if not len(top):
        return []
    if len({child.tag for child in top}) == 1 and all(_is_entity(child) for child in top):
        return [record_from_element(child, languages=languages) for child in top]
    return [record_from_element(top, languages=languages)]


def _is_entity(element: ET.Element) -> bool:
    """A list item (``<order id=.../>`` or ``<order><id>…``), as opposed to one field."""
    if element.get("id") is not None:
        return True
    return len(element) > 0 and any(child.tag != "language" for child in element)


def errors_from_body(text: str) -> tuple[WebserviceMessage, ...]:
    """The ``<error>`` list of a JSON or XML error body; empty when there is none."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            payload = json.loads(stripped)
        except ValueError:
            return ()
        items = payload.get("errors") if isinstance(payload, dict) else None
        return tuple(
            WebserviceMessage(int(e.get("code", 0)), str(e.get("message", "")))
            for e in items or []
            if isinstance(e, dict)
        )
    if stripped.startswith("<"):
        try:
            root = parse_xml(stripped)
        except ResponseFormatError:
            return ()
        return tuple(
            WebserviceMessage(int(e.findtext("code") or 0), e.findtext("message") or "")
            for e in root.iter("error")
        )
    return ()


def resource_permissions(text: str) -> tuple[str, dict[str, set[str]]]:
    """Shop name and ``{resource: {"GET", "PUT", ...}}`` from the root listing ``GET /api/``."""
    root = parse_xml(text)
    api = root.find("api")
    if api is None:
        raise ResponseFormatError("The shop's /api/ listing has no <api> element.")
    methods = ("get", "put", "post", "patch", "delete", "head")
    granted = {child.tag: {m.upper() for m in methods if child.get(m) == "true"} for child in api}
    return api.get("shopName", ""), granted
