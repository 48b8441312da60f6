"""An order shipped in parts: each delivery its own tracking number, lines in M3's mixed
statuses until the rest ships, through the admin API and on the clock."""

from __future__ import annotations

import httpx
import pytest

from connectors.infor.bod import parse_bod
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire

HOUR = 3600


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


def two_line_order(wire: Wire, cuor: str) -> str:
    for itno in ("SKU-00011", "SKU-00012"):
        wire.admin("POST", "stock", {"itno": itno, "whlo": "001", "quantity": 10})
    orno = wire.place_order(cuor, ("SKU-00011", 3), ("SKU-00012", 1))
    return wire.records("OIS100MI", "GetOrderNo", ORNO=orno)[0]["ORNR"]


def deliver(wire: Wire, number: str, lines: list[dict[str, int]] | None) -> httpx.Response:
    body = {} if lines is None else {"lines": lines}
    return wire.admin("POST", f"orders/{number}/deliveries", body)


def line_statuses(wire: Wire, number: str) -> list[str]:
    return [line["ORST"] for line in wire.records("OIS100MI", "LstLine", ORNO=number)]


def test_it_ships_part_of_a_line_then_the_rest_with_two_tracking_numbers(wire: Wire) -> None:
    number = two_line_order(wire, "PS-300")

    first = deliver(wire, number, [{"line": 1, "quantity": 2}])

    assert first.status_code == 201, first.text
    head = wire.records("OIS100MI", "GetHead", ORNO=number)[0]
    # Line 1: one unit still allocated, two delivered (36); line 2 allocated (33).
    assert line_statuses(wire, number) == ["36", "33"]
    assert (head["ORSL"], head["ORST"]) == ("33", "36")
    [on_line] = wire.records("OIS100MI", "LstDelLineByCO", ORNO=number, PONR=1)
    assert on_line["TRQT"] == "2"
    assert wire.records("OIS100MI", "LstDelLineByCO", ORNO=number, PONR=2) == []

    second = deliver(wire, number, None)

    assert second.status_code == 201, second.text
    assert line_statuses(wire, number) == ["66", "66"]
    dlix = [r["DLIX"] for r in wire.records("OIS100MI", "LstDelLineByCO", ORNO=number, PONR=1)]
    assert len(set(dlix)) == 2
    heads = [wire.records("MWS410MI", "GetHead", DLIX=d)[0] for d in dlix]
    packages = [wire.records("MWS423MI", "LstPackDel", DLIX=d)[0] for d in dlix]
    assert len({h["ETRN"] for h in heads}) == 2
    assert [p["ETRN"] for p in packages] == [h["ETRN"] for h in heads]
    assert len({p["PANR"] for p in packages}) == 2
    by_order = wire.records("MWS411MI", "LstDelLnByOrd", RORC=3, RIDN=number)
    assert sorted((r["DLIX"], r["RIDL"], r["TRQT"]) for r in by_order) == sorted(
        [(dlix[0], "1", "2"), (dlix[1], "1", "1"), (dlix[1], "2", "1")]
    )


def test_it_ships_the_rest_on_the_clock_after_a_first_part(wire: Wire) -> None:
    number = two_line_order(wire, "PS-301")
    deliver(wire, number, [{"line": 2, "quantity": 1}]).raise_for_status()
    assert line_statuses(wire, number) == ["33", "66"]

    wire.advance(HOUR)
    assert line_statuses(wire, number) == ["44", "66"]
    wire.advance(HOUR)
    assert line_statuses(wire, number) == ["66", "66"]
    wire.advance(HOUR)

    # M3 invoices deliveries: two deliveries, two invoices, each for what it carried.
    assert line_statuses(wire, number) == ["77", "77"]
    invoices = wire.records("OIS350MI", "LstInvHeadByCo", ORNO=number)
    assert len({i["DLIX"] for i in invoices}) == 2
    by_delivery = {i["DLIX"]: i for i in invoices}
    for dlix, invoice in by_delivery.items():
        assert wire.records("MWS410MI", "GetHead", DLIX=dlix)[0]["IVNO"] == invoice["IVNO"]
        lines = wire.records("OIS350MI", "LstInvLine", YEA4=invoice["YEA4"], IVNO=invoice["IVNO"])
        assert [(r["ITNO"], r["IVQT"]) for r in lines] in (
            [("SKU-00011", "3")],
            [("SKU-00012", "1")],
        )


def test_it_takes_a_part_off_a_picking_list_the_clock_made(wire: Wire) -> None:
    number = two_line_order(wire, "PS-302")
    wire.advance(HOUR)
    assert line_statuses(wire, number) == ["44", "44"]

    deliver(wire, number, [{"line": 1, "quantity": 1}]).raise_for_status()

    assert line_statuses(wire, number) == ["46", "44"]
    order = wire.admin("GET", f"orders/{number}").json()
    picking, dispatched = order["deliveries"]
    assert picking["lines"] == [{"line": 1, "quantity": 2}, {"line": 2, "quantity": 1}]
    assert (picking["status"], dispatched["status"]) == ("40", "90")
    assert order["tracking"] == dispatched["tracking"] != ""


def test_it_refuses_more_than_is_allocated_and_unknown_lines(wire: Wire) -> None:
    number = two_line_order(wire, "PS-303")

    too_many = deliver(wire, number, [{"line": 1, "quantity": 4}])
    no_line = deliver(wire, number, [{"line": 9, "quantity": 1}])
    malformed = wire.admin(
        "POST", f"orders/{number}/deliveries", {"lines": [{"line": 1, "quantity": "two"}]}
    )
    unknown = deliver(wire, "1999999999", None)

    assert (too_many.status_code, no_line.status_code) == (409, 409)
    assert "3 allocated" in too_many.json()["detail"]
    assert malformed.status_code == 400
    assert unknown.status_code == 404
    assert line_statuses(wire, number) == ["33", "33"]
    deliver(wire, number, None).raise_for_status()
    assert deliver(wire, number, None).status_code == 409


def test_it_publishes_one_shipment_bod_per_delivery_with_its_own_quantities(
    wire: Wire, sandbox: RunningSandbox
) -> None:
    number = two_line_order(wire, "PS-304")
    deliver(wire, number, [{"line": 1, "quantity": 1}]).raise_for_status()
    deliver(wire, number, None).raise_for_status()

    pending = wire.admin("GET", "bods").json()["pending"]
    shipments = [b for b in pending if b["document"] == "Sync.Shipment"]
    assert len(shipments) == 2
    sent: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(202)

    sandbox.world.settings.bod_url = "http://ferry.test/hooks/infor"
    sandbox.world.publish(httpx.Client(transport=httpx.MockTransport(receive)))
    events = [parse_bod(r.content) for r in sent]
    first, second = [e for e in events if e.kind == "order.shipment"]
    assert [x["quantity"] for x in first.data["lines"]] == [1]
    assert [(x["line"], x["quantity"]) for x in second.data["lines"]] == [(1, 2), (2, 1)]
    assert first.data["trackingNumber"] != second.data["trackingNumber"]
    assert first.data["orderNumber"] == second.data["orderNumber"] == number


def test_it_refuses_to_delete_a_line_part_of_which_is_delivered(wire: Wire) -> None:
    number = two_line_order(wire, "PS-306")
    deliver(wire, number, [{"line": 1, "quantity": 2}])

    error = wire.error("OIS100MI", "DelLine", ORNO=number, PONR=1)

    assert error["errorField"] == "PONR"
    assert "status 36 (delivered)" in error["errorMessage"]
    assert line_statuses(wire, number) == ["36", "33"]
    wire.records("OIS100MI", "DelLine", ORNO=number, PONR=2)  # nothing of it left the warehouse
    assert line_statuses(wire, number) == ["36", "99"]
