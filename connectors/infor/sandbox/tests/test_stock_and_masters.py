"""Stock that moves and shows in the delta feed; customers and items; metadata discovery."""

from __future__ import annotations

import httpx
import pytest

from connectors.infor.sandbox.references import m3_item_number
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


def test_it_lists_only_balances_changed_since_a_timestamp(wire: Wire) -> None:
    cursor = wire.records("MNS150MI", "GetServerTime")[0]["LMTS"]
    assert wire.records("OIS100MI", "LstNewBalances", LMTS=cursor) == []
    wire.admin("POST", "stock", {"itno": "SKU-00002", "whlo": "002", "quantity": 4})
    [changed] = wire.records("OIS100MI", "LstNewBalances", LMTS=cursor)
    assert (changed["ITNO"], changed["WHLO"]) == ("SKU-00002", "002")


def test_it_receives_goods_as_the_hours_pass(wire: Wire) -> None:
    cursor = wire.records("MNS150MI", "GetServerTime")[0]["LMTS"]
    wire.advance(2 * 3600)
    assert len(wire.records("OIS100MI", "LstNewBalances", LMTS=cursor)) >= 3


def test_it_holds_items_matching_the_shop_references_with_some_gaps(wire: Wire) -> None:
    items = {r["ITNO"] for r in wire.records("MMS200MI", "LstItmByItm", ITNO="F")}
    assert len(items) >= 300
    assert {"SKU-00001", "SKU-00009-WHM", "SKU00030", "SKU00030-WHS"} <= items
    assert "SKU-00025" not in items
    assert m3_item_number("SKU-00030-WHS") == "SKU00030-WHS"


def test_it_answers_balances_for_both_warehouses(wire: Wire) -> None:
    rows = wire.records("OIS100MI", "LstWarehBalance", ITNO="SKU-00001")
    assert [r["WHLO"] for r in rows] == ["001", "002"]
    assert (
        wire.error("MMS200MI", "GetItmWhsBal", WHLO="009", ITNO="SKU-00001")["errorField"] == "WHLO"
    )


def test_it_creates_changes_and_finds_customers(wire: Wire) -> None:
    cuno = wire.records(
        "CRS610MI",
        "Add",
        CUTM="WEBCUST",
        CUNM="Ada Lovelace",
        CUA1="1 Analytical Way",
        MAIL="ada@example.test",
        TOWN="London",
        CSCD="GB",
    )[0]["CUNO"]
    wire.records("CRS610MI", "ChgBasicData", CUNO=cuno, PHNO="+44 20 0000")
    customer = wire.records("CRS610MI", "GetBasicData", CUNO=cuno)[0]
    assert (customer["CUNM"], customer["PHNO"]) == ("Ada Lovelace", "+44 20 0000")
    found = wire.records("CRS610MI", "SearchCustomer", SQRY="MAIL:ada@example.test")
    assert [c["CUNO"] for c in found] == [cuno]
    assert wire.error("CRS610MI", "Add", CUTM="NOPE", CUNM="x", CUA1="y")["errorField"] == "CUTM"


def test_it_describes_transactions_through_mrs001mi(wire: Wire) -> None:
    fields = wire.records("MRS001MI", "LstAdtFieldInf", MINM="MMS200MI", TRNM="Get", TRTP="O")
    assert {"FLNM": "ITNO", "TYPE": "A", "LENG": "15", "FLDS": "Item number"} in fields
    names = {t["TRNM"] for t in wire.records("MRS001MI", "LstTransactions", MINM="OIS100MI")}
    assert {"AddBatchHead", "GetCurrentUser"} <= names
