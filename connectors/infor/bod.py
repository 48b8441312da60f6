"""Inbound ION BODs (Sync.SalesOrder, Shipment, Invoice, ItemMaster, CustomerPartyMaster) read
into the same events the polling nodes produce.

Infor's element-level BOD schemas were not available when this was written; the paths follow
OAGIS naming and are read by local name, tolerant of missing parts. Check them against the
tenant's ION Desk document definitions before relying on a field.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

NAMESPACE = "http://schema.infor.com/InforOAGIS/2"
MAX_BYTES = 5 * 1024 * 1024
"""ION's maximum message size."""


class BodError(ValueError):
    """The message is not a BOD Ferry can read; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class InforEvent:
    """One business event, whether it came from a BOD or from polling."""

    kind: str
    """``order.status``, ``order.shipment``, ``order.invoice``, ``item.changed``,
    ``customer.changed``."""
    action: str
    """The BOD's actionCode (Add, Replace, Change, Delete), ``Replace`` when absent."""
    key: str
    """The business key: order, delivery, invoice, item or customer number."""
    data: dict[str, Any]
    bod_id: str = ""
    tenant: str = ""
    accounting_entity: str = ""
    created_at: str = ""
    document: str = ""
    """Verb and noun, e.g. ``Sync.SalesOrder``."""
    bod: dict[str, str] = field(default_factory=dict)
    """The BODID's parts (see ``parse_bodid``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "action": self.action,
            "key": self.key,
            "data": self.data,
            "bodId": self.bod_id,
            "tenant": self.tenant,
            "accountingEntity": self.accounting_entity,
            "createdAt": self.created_at,
            "document": self.document,
        }


def parse_bod(payload: bytes | str) -> InforEvent:
    """Read a Sync BOD; raises ``BodError`` for anything else (wrong verb, unknown noun, not XML,
    a DOCTYPE, too large)."""
    root = _root(payload)
    verb, noun = _verb_and_noun(_local(root.tag))
    reader = READERS.get(noun)
    if verb != "Sync" or reader is None:
        known = ", ".join(f"Sync.{n}" for n in READERS)
        raise BodError(f"{verb}.{noun} is not a BOD Ferry reads (it reads {known}).")
    area = _child(root, "ApplicationArea")
    data_area = _child(root, "DataArea")
    verb_area = _child(data_area, verb)
    noun_element = _child(data_area, noun)
    if noun_element is None:
        raise BodError(f"The BOD has no DataArea/{noun}.")
    kind, key, data = reader(noun_element)
    bod_id = _text(area, "BODID")
    action = _attribute(verb_area, "ActionCriteria/ActionExpression", "actionCode")
    return InforEvent(
        kind=kind,
        action=action or "Replace",
        key=key,
        data=data,
        bod_id=bod_id,
        tenant=_text(verb_area, "TenantID"),
        accounting_entity=_text(verb_area, "AccountingEntityID"),
        created_at=_text(area, "CreationDateTime"),
        document=f"{verb}.{noun}",
        bod=parse_bodid(bod_id),
    )


def parse_bodid(bod_id: str) -> dict[str, str]:
    """``infor-nid:<tenant>:<entity>:<location>:<document>:<revision>?<Noun>&verb=<Verb>...``
    into its parts; any other form (M3 BE sends bare GUIDs) is kept whole as ``id``."""
    bod_id = bod_id.strip()
    if not bod_id.startswith("infor-nid:"):
        return {"id": bod_id}
    path, _, query = bod_id.partition("?")
    names = ("tenant", "accountingEntity", "location", "documentId", "revision")
    parts = dict(zip(names, path.split(":")[1:], strict=False))
    noun, *pairs = query.split("&") if query else [""]
    parts["noun"] = noun
    for pair in pairs:
        key, _, value = pair.partition("=")
        parts[key] = value
    return parts


def _root(payload: bytes | str) -> ElementTree.Element:
    raw = payload.encode() if isinstance(payload, str) else payload
    if len(raw) > MAX_BYTES:
        raise BodError("The BOD is larger than ION's 5 MB message limit.")
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        # BODs never carry a DTD; refusing them rules out entity-expansion attacks.
        raise BodError("The BOD carries a DOCTYPE, which Ferry refuses.")
    try:
        return ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise BodError(f"The BOD is not well-formed XML: {exc}.") from None


def _verb_and_noun(name: str) -> tuple[str, str]:
    for verb in ("Sync", "Process", "Acknowledge", "Confirm", "Show", "Get", "Load"):
        if name.startswith(verb) and len(name) > len(verb):
            return verb, name[len(verb) :]
    raise BodError(f"The root element {name} is not a verb and a noun (e.g. SyncSalesOrder).")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _find(element: ElementTree.Element | None, path: str) -> ElementTree.Element | None:
    for name in path.split("/"):
        element = _child(element, name)
    return element


def _all(element: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _text(element: ElementTree.Element | None, path: str) -> str:
    found = _find(element, path)
    return (found.text or "").strip() if found is not None else ""


def _attribute(element: ElementTree.Element | None, path: str, name: str) -> str:
    found = _find(element, path)
    return found.get(name, "") if found is not None else ""


def _number(text: str) -> float | int:
    try:
        value = float(text)
    except ValueError:
        return 0
    return int(value) if value.is_integer() else value


Reader = Callable[[ElementTree.Element], tuple[str, str, dict[str, Any]]]


def _sales_order(order: ElementTree.Element) -> tuple[str, str, dict[str, Any]]:
    header = _child(order, "SalesOrderHeader")
    number = _text(header, "DocumentID/ID")
    lines = [
        {
            "line": _number(_text(line, "LineNumber")),
            "item": _text(line, "Item/ItemID/ID"),
            "quantity": _number(_text(line, "Quantity")),
            "status": _text(line, "Status/Code"),
        }
        for line in _all(order, "SalesOrderLine")
    ]
    data = {
        "orderNumber": number,
        "reference": _text(header, "CustomerPurchaseOrderReference/DocumentID/ID")
        or _text(header, "AlternateDocumentID/ID"),
        "customer": _text(header, "CustomerParty/PartyIDs/ID"),
        "status": _text(header, "Status/Code"),
        "lines": lines,
    }
    return "order.status", number, data


def _shipment(shipment: ElementTree.Element) -> tuple[str, str, dict[str, Any]]:
    header = _child(shipment, "ShipmentHeader")
    number = _text(header, "DocumentID/ID")
    items = _all(shipment, "ShipmentItem")
    orders = {_text(i, "SalesOrderReference/DocumentID/ID") for i in items} - {""}
    data = {
        "deliveryNumber": number,
        "orderNumber": _text(header, "SalesOrderReference/DocumentID/ID")
        or min(orders, default=""),
        "trackingNumber": _text(header, "TrackingID"),
        "carrier": _text(header, "CarrierParty/PartyIDs/ID"),
        "shippedAt": _text(header, "ActualShipDateTime"),
        "lines": [
            {
                "item": _text(i, "ItemID/ID"),
                "quantity": _number(_text(i, "ShippedQuantity")),
                "orderNumber": _text(i, "SalesOrderReference/DocumentID/ID"),
                # Which order line: one delivery of a split shipment may carry part of a line.
                "line": _number(_text(i, "SalesOrderReference/LineNumberID")),
            }
            for i in items
        ],
    }
    return "order.shipment", number, data


def _invoice(invoice: ElementTree.Element) -> tuple[str, str, dict[str, Any]]:
    header = _child(invoice, "InvoiceHeader")
    number = _text(header, "DocumentID/ID")
    data = {
        "invoiceNumber": number,
        "orderNumber": _text(header, "SalesOrderReference/DocumentID/ID"),
        "customer": _text(header, "CustomerParty/PartyIDs/ID"),
        "date": _text(header, "DocumentDateTime"),
        "amount": _number(_text(header, "TotalAmount")),
        "currency": _attribute(header, "TotalAmount", "currencyID"),
    }
    return "order.invoice", number, data


def _item_master(item: ElementTree.Element) -> tuple[str, str, dict[str, Any]]:
    header = _child(item, "ItemMasterHeader")
    number = _text(header, "ItemID/ID")
    data = {
        "item": number,
        "name": _text(header, "Description"),
        "status": _text(header, "Status/Code"),
        "unit": _text(header, "BaseUOMCode"),
    }
    return "item.changed", number, data


def _customer(party: ElementTree.Element) -> tuple[str, str, dict[str, Any]]:
    number = _text(party, "PartyIDs/ID")
    address = _find(party, "Location/Address")
    emails = [
        _text(c, "URI")
        for c in _all(party, "Communication")
        if _text(c, "ChannelCode").lower() == "email"
    ]
    data = {
        "customerNumber": number,
        "name": _text(party, "Name"),
        "address1": _text(address, "AddressLine"),
        "postalCode": _text(address, "PostalCode"),
        "city": _text(address, "CityName"),
        "country": _text(address, "CountryCode"),
        "email": emails[0] if emails else "",
        "status": _text(party, "Status/Code"),
    }
    return "customer.changed", number, data


READERS: dict[str, Reader] = {
    "SalesOrder": _sales_order,
    "Shipment": _shipment,
    "Invoice": _invoice,
    "ItemMaster": _item_master,
    "CustomerPartyMaster": _customer,
}
