"""Batch orders become customer orders that move on the clock; rejections explain themselves."""

from __future__ import annotations

import httpx
import pytest

from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


def stocked(wire: Wire, quantity: int = 5) -> str:
    wire.admin("POST", "stock", {"itno": "SKU-00011", "whlo": "001", "quantity": quantity})
    return "SKU-00011"


def test_it_creates_an_allocated_order_from_a_confirmed_batch(wire: Wire) -> None:
    orno = wire.place_order("PS-100", (stocked(wire), 2))
    order_number = wire.records("OIS100MI", "GetOrderNo", ORNO=orno)[0]["ORNR"]
    head = wire.records("OIS100MI", "GetHead", ORNO=order_number)[0]
    assert (head["STAT"], head["ORSL"], head["ORST"], head["CUOR"]) == ("20", "33", "33", "PS-100")


def test_it_moves_an_order_to_picked_delivered_and_invoiced(wire: Wire) -> None:
    orno = wire.place_order("PS-101", (stocked(wire), 1))
    number = wire.records("OIS100MI", "GetOrderNo", ORNO=orno)[0]["ORNR"]
    wire.advance(3600)
    assert wire.records("OIS100MI", "GetHead", ORNO=number)[0]["ORST"] == "44"
    wire.advance(3600)
    [line] = wire.records("OIS100MI", "LstDelLineByCO", ORNO=number, PONR=1)
    delivery = wire.records("MWS410MI", "GetHead", DLIX=line["DLIX"])[0]
    assert delivery["ETRN"].startswith("JD")
    assert wire.records("MWS423MI", "LstPackDel", DLIX=line["DLIX"])[0]["ETRN"] == delivery["ETRN"]
    wire.advance(3600)
    [invoice] = wire.records("OIS350MI", "LstInvHeadByCo", ORNO=number)
    assert invoice["DLIX"] == line["DLIX"]
    assert wire.records("OIS100MI", "GetHead", ORNO=number)[0]["ORSL"] == "77"


def test_it_rejects_a_batch_with_an_unknown_item_and_lists_why(wire: Wire) -> None:
    orno = wire.place_order("PS-102", ("SKU-00050", 1))
    assert wire.records("OIS100MI", "GetBatchHead", ORNO=orno)[0]["STAT"] == "20"
    [message] = wire.records("OIS100MI", "LstErrMsgOrder", ORNO=orno)
    assert message["MDTA"] == "SKU-00050"
    assert "does not exist" in message["TX60"]
    assert wire.error("OIS100MI", "GetOrderNo", ORNO=orno)["errorField"] == "ORNO"


def test_it_refuses_an_unknown_customer_at_the_head(wire: Wire) -> None:
    error = wire.error("OIS100MI", "AddBatchHead", CUNO="WEB9999999")
    assert (error["errorCode"], error["errorField"]) == ("WCU0203", "CUNO")


def test_it_finds_orders_by_customer_order_reference(wire: Wire) -> None:
    wire.place_order("PS-103", (stocked(wire), 1))
    heads = wire.records("OIS100MI", "LstHead", CUNO="WEB0000003")
    assert [h["CUOR"] for h in heads] == ["PS-103"]
    assert wire.records("OIS100MI", "SearchHead", SQRY="CUOR:PS-103")[0]["CUNO"] == "WEB0000003"


def test_it_waits_with_allocation_until_stock_arrives(wire: Wire) -> None:
    itno = "SKU-00011"
    balance = wire.records("MMS200MI", "GetItmWhsBal", WHLO="001", ITNO=itno)[0]
    short = int(balance["AV01"]) + 1
    orno = wire.place_order("PS-104", (itno, short))
    number = wire.records("OIS100MI", "GetOrderNo", ORNO=orno)[0]["ORNR"]
    assert wire.records("OIS100MI", "GetHead", ORNO=number)[0]["ORST"] == "22"
    stocked(wire, 1)
    wire.advance(1)
    assert wire.records("OIS100MI", "GetHead", ORNO=number)[0]["ORST"] == "33"


def confirmed(wire: Wire, cuor: str, *lines: tuple[str, int]) -> str:
    orno = wire.place_order(cuor, *lines)
    return wire.records("OIS100MI", "GetOrderNo", ORNO=orno)[0]["ORNR"]


def test_it_deletes_an_allocated_order_line_by_line_then_the_head(wire: Wire) -> None:
    itno = stocked(wire, 3)
    before = wire.records("MMS200MI", "GetItmWhsBal", WHLO="001", ITNO=itno)[0]["AV01"]
    number = confirmed(wire, "PS-105", (itno, 2), (itno, 1))

    wire.records("OIS100MI", "DelLine", ORNO=number, PONR=1, RSCD="CAN")
    # Half deleted: the head cannot go yet, and says which line is left.
    error = wire.error("OIS100MI", "DelHead", ORNO=number)
    assert (error["errorField"], "lines 2" in error["errorMessage"]) == ("ORNO", True)
    wire.records("OIS100MI", "DelLine", ORNO=number, PONR=2)
    wire.records("OIS100MI", "DelHead", ORNO=number)

    head = wire.records("OIS100MI", "GetHead", ORNO=number)[0]
    assert (head["STAT"], head["ORSL"], head["ORST"]) == ("90", "99", "99")
    assert [line["ORST"] for line in wire.records("OIS100MI", "LstLine", ORNO=number)] == [
        "99",
        "99",
    ]
    # The allocation went back to stock.
    after = wire.records("MMS200MI", "GetItmWhsBal", WHLO="001", ITNO=itno)[0]["AV01"]
    assert after == before
    assert wire.error("OIS100MI", "DelHead", ORNO=number)["errorCode"] == "WOR0302"


def test_it_refuses_to_delete_a_line_on_a_picking_list_or_delivered(wire: Wire) -> None:
    number = confirmed(wire, "PS-106", (stocked(wire), 1))
    wire.advance(3600)
    error = wire.error("OIS100MI", "DelLine", ORNO=number, PONR=1)
    assert error["errorField"] == "PONR"
    assert "status 44 (on a picking list)" in error["errorMessage"]
    wire.advance(3600)
    assert "(delivered)" in wire.error("OIS100MI", "DelLine", ORNO=number, PONR=1)["errorMessage"]
    assert wire.records("OIS100MI", "GetHead", ORNO=number)[0]["STAT"] == "20"


def test_it_refuses_to_delete_a_line_twice_or_one_that_does_not_exist(wire: Wire) -> None:
    number = confirmed(wire, "PS-107", (stocked(wire), 1))
    wire.records("OIS100MI", "DelLine", ORNO=number, PONR=1)
    assert wire.error("OIS100MI", "DelLine", ORNO=number, PONR=1)["errorCode"] == "OIS0351"
    assert wire.error("OIS100MI", "DelLine", ORNO=number, PONR=9)["errorCode"] == "WOL0203"
    assert wire.error("OIS100MI", "DelLine", ORNO="1999999999", PONR=1)["errorField"] == "ORNO"
