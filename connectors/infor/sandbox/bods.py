"""The sandbox as an ION publisher: Sync BODs for what happened in the tenant, POSTed to Ferry.

Each tenant event (order created, shipped, invoiced; item or customer changed) becomes a BOD in
an outbox; ``publish`` sends the outbox to ``settings.bod_url`` either as the raw XML or as an
IMS v3 multipart message (``ParameterRequest`` + ``MessagePayload``), and keeps what failed.
"""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ElementTree
from collections import deque
from dataclasses import dataclass
from typing import Any

import httpx

from connectors.infor.sandbox.state import COMPANY, DIVISION, Delivery, Invoice, Order, Tenant

NAMESPACE = "http://schema.infor.com/InforOAGIS/2"


@dataclass
class Bod:
    document: str
    """``Sync.SalesOrder`` and so on."""
    bod_id: str
    xml: str


class Outbox:
    def __init__(self) -> None:
        self.pending: deque[Bod] = deque(maxlen=1000)
        self.sent = 0
        self.revisions: dict[str, int] = {}
        self.lock = threading.Lock()

    def collect(self, tenant: Tenant, logical_id: str) -> None:
        """Turn the tenant's new events into BODs (stock moves have no Sync BOD here)."""
        with tenant.lock:
            events, tenant.events[:] = list(tenant.events), []
            for event in events:
                for bod in self._bods(tenant, event, logical_id):
                    self.pending.append(bod)

    def publish(self, url: str, http: httpx.Client, tenant_id: str, style: str) -> dict[str, Any]:
        """Send every pending BOD; the ones the target refuses stay pending."""
        errors = []
        with self.lock:
            for _ in range(len(self.pending)):
                bod = self.pending.popleft()
                try:
                    response = _send(http, url, bod, tenant_id, style)
                    failure = "" if response.is_success else f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    failure = str(exc) or type(exc).__name__
                if failure:
                    self.pending.append(bod)
                    errors.append({"bodId": bod.bod_id, "error": failure})
                else:
                    self.sent += 1
        return {"sent": self.sent, "pending": len(self.pending), "errors": errors}

    def _bods(self, tenant: Tenant, event: dict[str, Any], logical_id: str) -> list[Bod]:
        kind = event["kind"]
        if kind in ("order", "shipment", "invoice"):
            order = tenant.orders[event["orno"]]
            bods = [self._bod(tenant, "SalesOrder", order.orno, _sales_order(order), logical_id)]
            delivery = next((d for d in order.deliveries if d.dlix == event.get("dlix")), None)
            if kind == "shipment" and delivery:
                body = _shipment(order, delivery)
                bods.append(self._bod(tenant, "Shipment", delivery.dlix, body, logical_id))
            invoice = next((i for i in order.invoices if i.ivno == event.get("ivno")), None)
            if kind == "invoice" and invoice:
                body = _invoice(order, invoice)
                bods.append(self._bod(tenant, "Invoice", invoice.ivno, body, logical_id))
            return bods
        if kind == "item" and event["itno"] in tenant.items:
            item = tenant.items[event["itno"]]
            body = _element(
                "ItemMaster",
                _element(
                    "ItemMasterHeader",
                    _id("ItemID", item.itno),
                    _leaf("Description", item.itds),
                    _element("Status", _leaf("Code", item.stat)),
                    _leaf("BaseUOMCode", item.unms),
                ),
            )
            return [self._bod(tenant, "ItemMaster", item.itno, body, logical_id)]
        if kind == "customer" and event["cuno"] in tenant.customers:
            customer = tenant.customers[event["cuno"]]
            return [
                self._bod(
                    tenant,
                    "CustomerPartyMaster",
                    customer.cuno,
                    _customer(customer.cuno, customer.fields),
                    logical_id,
                )
            ]
        return []

    def _bod(
        self, tenant: Tenant, noun: str, key: str, body: ElementTree.Element, logical_id: str
    ) -> Bod:
        revision = self.revisions.get(f"{noun}:{key}", 0) + 1
        self.revisions[f"{noun}:{key}"] = revision
        bod_id = (
            f"infor-nid:{tenant.tenant_id}:{COMPANY}:{DIVISION}:{key}:{revision}?{noun}&verb=Sync"
        )
        root = ElementTree.Element(
            f"Sync{noun}", {"xmlns": NAMESPACE, "releaseID": "9.2", "versionID": "2.14.0"}
        )
        area = ElementTree.SubElement(root, "ApplicationArea")
        area.append(
            _element(
                "Sender",
                _leaf("LogicalID", logical_id),
                _leaf("ComponentID", "M3BE"),
                _leaf("ConfirmationCode", "OnError"),
            )
        )
        area.append(_leaf("CreationDateTime", tenant.clock.iso()))
        area.append(_leaf("BODID", bod_id))
        data = ElementTree.SubElement(root, "DataArea")
        sync = _element(
            "Sync",
            _leaf("TenantID", tenant.tenant_id),
            _leaf("AccountingEntityID", f"{COMPANY}_{DIVISION}"),
        )
        criteria = ElementTree.SubElement(sync, "ActionCriteria")
        ElementTree.SubElement(criteria, "ActionExpression", {"actionCode": "Replace"})
        data.append(sync)
        data.append(body)
        xml = ElementTree.tostring(root, encoding="unicode", xml_declaration=True)
        return Bod(f"Sync.{noun}", bod_id, xml)


def _send(http: httpx.Client, url: str, bod: Bod, tenant_id: str, style: str) -> httpx.Response:
    headers = {"X-TenantId": tenant_id, "X-Ferry-Event-Id": bod.bod_id}
    if style == "ims":
        parameters = {
            "documentName": bod.document,
            "fromLogicalId": "lid://infor.m3.m3",
            "toLogicalId": "lid://default",
            "messageId": bod.bod_id,
            "encoding": "NONE",
            "characterSet": "UTF-8",
        }
        files: dict[str, tuple[str | None, bytes, str]] = {
            "ParameterRequest": (None, json.dumps(parameters).encode(), "application/json"),
            "MessagePayload": ("bod.xml", bod.xml.encode(), "application/xml"),
        }
        return http.post(url, files=files, headers=headers)
    headers |= {"Content-Type": "application/xml", "X-Infor-DocumentName": bod.document}
    return http.post(url, content=bod.xml.encode(), headers=headers)


def _leaf(name: str, text: str, **attributes: str) -> ElementTree.Element:
    element = ElementTree.Element(name, attributes)
    element.text = text
    return element


def _element(name: str, *children: ElementTree.Element) -> ElementTree.Element:
    element = ElementTree.Element(name)
    element.extend(children)
    return element


def _id(name: str, value: str) -> ElementTree.Element:
    return _element(name, _leaf("ID", value))


def _reference(name: str, number: str) -> ElementTree.Element:
    return _element(name, _id("DocumentID", number))


def _party(name: str, number: str) -> ElementTree.Element:
    return _element(name, _id("PartyIDs", number))


def _sales_order(order: Order) -> ElementTree.Element:
    header = _element(
        "SalesOrderHeader",
        _id("DocumentID", order.orno),
        _reference("CustomerPurchaseOrderReference", order.cuor),
        _party("CustomerParty", order.cuno),
        _element("Status", _leaf("Code", order.orsl)),
    )
    lines = [
        _element(
            "SalesOrderLine",
            _leaf("LineNumber", str(line.ponr)),
            _element("Item", _id("ItemID", line.itno)),
            _leaf("Quantity", str(line.orqt), unitCode="EA"),
            _element("Status", _leaf("Code", line.status)),
        )
        for line in order.lines
    ]
    return _element("SalesOrder", header, *lines)


def _shipment(order: Order, delivery: Delivery) -> ElementTree.Element:
    header = _element(
        "ShipmentHeader",
        _id("DocumentID", delivery.dlix),
        _leaf("TrackingID", delivery.etrn),
        _party("CarrierParty", delivery.fwno),
        _leaf("ActualShipDateTime", f"{delivery.dsdt}T{delivery.dshm}"),
        _reference("SalesOrderReference", order.orno),
    )
    items = [
        _element(
            "ShipmentItem",
            _id("ItemID", line.itno),
            _leaf("ShippedQuantity", str(delivery.lines[line.ponr]), unitCode="EA"),
            _element(
                "SalesOrderReference",
                _id("DocumentID", order.orno),
                _leaf("LineNumberID", str(line.ponr)),
            ),
        )
        for line in order.lines
        if line.ponr in delivery.lines
    ]
    return _element("Shipment", header, *items)


def _invoice(order: Order, invoice: Invoice) -> ElementTree.Element:
    total = f"{invoice.net + invoice.vat:.2f}"
    return _element(
        "Invoice",
        _element(
            "InvoiceHeader",
            _id("DocumentID", invoice.ivno),
            _leaf("DocumentDateTime", invoice.idat),
            _leaf("TotalAmount", total, currencyID=order.cucd),
            _party("CustomerParty", order.cuno),
            _reference("SalesOrderReference", order.orno),
        ),
    )


def _customer(number: str, fields: dict[str, str]) -> ElementTree.Element:
    address = _element(
        "Address",
        _leaf("AddressLine", fields.get("CUA1", "")),
        _leaf("CityName", fields.get("TOWN", "")),
        _leaf("PostalCode", fields.get("PONO", "")),
        _leaf("CountryCode", fields.get("CSCD", "")),
    )
    return _element(
        "CustomerPartyMaster",
        _id("PartyIDs", number),
        _leaf("Name", fields.get("CUNM", "")),
        _element("Location", address),
        _element(
            "Communication", _leaf("ChannelCode", "EMail"), _leaf("URI", fields.get("MAIL", ""))
        ),
        _element("Status", _leaf("Code", fields.get("STAT", ""))),
    )
