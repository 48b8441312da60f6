"""Sync BODs read into events, from samples written in the spec's envelope."""

from __future__ import annotations

import pytest

from connectors.infor.bod import BodError, parse_bod, parse_bodid
from connectors.infor.bod_node import ReadBod
from connectors.infor.tests import bod_samples
from workflows.sdk import Item, NodeContext, NodeError


def test_it_reads_a_sales_order_with_its_reference_and_lines() -> None:
    event = parse_bod(bod_samples.SALES_ORDER)
    assert (event.kind, event.key, event.action) == ("order.status", "1000000001", "Replace")
    assert event.data["reference"] == "PS-000123"
    assert event.data["lines"] == [{"line": 1, "item": "SKU-00001", "quantity": 2, "status": "66"}]
    assert (event.tenant, event.accounting_entity) == ("FERRY_TST", "100_AAA")
    assert event.document == "Sync.SalesOrder"


def test_it_reads_a_shipment_with_tracking_and_its_order() -> None:
    event = parse_bod(bod_samples.SHIPMENT)
    assert event.kind == "order.shipment"
    assert event.action == "Add"
    assert event.data["trackingNumber"] == "JD000014000001"
    assert event.data["orderNumber"] == "1000000001"
    assert event.data["carrier"] == "DHL"


def test_it_reads_an_invoice_amount_and_currency() -> None:
    event = parse_bod(bod_samples.INVOICE)
    assert (event.kind, event.key) == ("order.invoice", "300001")
    assert (event.data["amount"], event.data["currency"]) == (47.76, "EUR")


def test_it_reads_item_and_customer_masters() -> None:
    item = parse_bod(bod_samples.ITEM_MASTER)
    assert (item.kind, item.key, item.data["name"]) == ("item.changed", "SKU-00001", "Blue Mug 1")
    customer = parse_bod(bod_samples.CUSTOMER)
    assert customer.kind == "customer.changed"
    assert customer.data["email"] == "jane@example.test"
    assert customer.data["city"] == "Lyon"


def test_it_splits_the_bodid_with_revision_and_variation_as_documented() -> None:
    parts = parse_bod(bod_samples.SALES_ORDER).bod
    assert parts == {
        "tenant": "FERRY_TST",
        "accountingEntity": "100",
        "location": "AAA",
        "documentId": "1000000001",
        "revision": "1",
        "noun": "SalesOrder",
        "verb": "Sync",
        "variationID": "7",
    }
    assert parse_bodid("6f1c0a2e-0000-4000-8000-000000000001") == {
        "id": "6f1c0a2e-0000-4000-8000-000000000001"
    }


def test_it_refuses_other_verbs_and_nouns() -> None:
    with pytest.raises(BodError, match="Process.SalesOrder"):
        parse_bod(bod_samples.SALES_ORDER.replace("SyncSalesOrder", "ProcessSalesOrder"))
    with pytest.raises(BodError, match="Sync.PurchaseOrder"):
        parse_bod(bod_samples.sync("PurchaseOrder", "1", "<PurchaseOrder/>"))


def test_it_refuses_a_doctype_and_broken_xml() -> None:
    with pytest.raises(BodError, match="DOCTYPE"):
        parse_bod('<!DOCTYPE x [<!ENTITY a "b">]>' + bod_samples.INVOICE.split("?>", 1)[1])
    with pytest.raises(BodError, match="well-formed"):
        parse_bod("<SyncInvoice>")


def test_it_says_when_the_noun_is_missing_from_the_data_area() -> None:
    with pytest.raises(BodError, match="DataArea/Invoice"):
        parse_bod(bod_samples.sync("Invoice", "1", ""))


def test_it_reads_bods_carried_in_items_as_a_node() -> None:
    node = ReadBod({"field": "xml"})
    result = node.execute(
        NodeContext("r", "w", "n"), {"main": [Item({"xml": bod_samples.INVOICE})]}
    )
    [event] = [item.json for item in result.outputs["main"]]
    assert (event["kind"], event["key"], event["document"]) == (
        "order.invoice",
        "300001",
        "Sync.Invoice",
    )
    with pytest.raises(NodeError) as caught:
        node.execute(NodeContext("r", "w", "n"), {"main": [Item({"xml": "<Nope/>"})]})
    assert (caught.value.code, caught.value.field) == ("infor.bod.invalid", "xml")
