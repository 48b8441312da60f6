"""The sandbox publishes Sync BODs for what happens in the tenant; Ferry's parser reads them."""

from __future__ import annotations

import json

import httpx
import pytest

from connectors.infor.bod import parse_bod
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


class Receiver:
    def __init__(self, status: int = 202) -> None:
        self.requests: list[httpx.Request] = []
        self.status = status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def shipped_order(wire: Wire) -> None:
    wire.admin("POST", "stock", {"itno": "SKU-00011", "whlo": "001", "quantity": 5})
    wire.place_order("PS-200", ("SKU-00011", 1))
    wire.advance(3 * 3600)


def test_it_publishes_order_shipment_and_invoice_bods_ferry_can_read(
    wire: Wire, sandbox: RunningSandbox
) -> None:
    shipped_order(wire)
    sandbox.world.settings.bod_url = "http://ferry.test/hooks/infor"
    receiver = Receiver()
    result = sandbox.world.publish(receiver.client())
    assert result["errors"] == []
    events = [parse_bod(r.content) for r in receiver.requests]
    kinds = [e.kind for e in events]
    assert {"order.status", "order.shipment", "order.invoice"} <= set(kinds)
    shipment = next(e for e in events if e.kind == "order.shipment")
    assert shipment.data["trackingNumber"].startswith("JD")
    order = next(e for e in events if e.kind == "order.status")
    assert order.data["reference"] == "PS-200"
    assert receiver.requests[0].headers["X-Ferry-Event-Id"] == events[0].bod_id


def test_it_sends_ims_multipart_messages_when_asked(wire: Wire, sandbox: RunningSandbox) -> None:
    wire.records("CRS610MI", "ChgBasicData", CUNO="WEB0000009", TOWN="Nice")
    sandbox.world.settings.bod_url = "http://ferry.test/service/v3/multipartMessage"
    sandbox.world.settings.bod_style = "ims"
    receiver = Receiver()
    sandbox.world.publish(receiver.client())
    body = receiver.requests[0].content
    assert b'name="ParameterRequest"' in body
    assert b'name="MessagePayload"' in body
    parameters = body.split(b"\r\n\r\n", 1)[1].split(b"\r\n--", 1)[0]
    assert json.loads(parameters)["documentName"] == "Sync.CustomerPartyMaster"


def test_it_keeps_what_the_target_refused_for_the_next_attempt(
    wire: Wire, sandbox: RunningSandbox
) -> None:
    wire.records("CRS610MI", "ChgBasicData", CUNO="WEB0000009", TOWN="Nice")
    sandbox.world.settings.bod_url = "http://ferry.test/hooks/infor"
    failed = sandbox.world.publish(Receiver(status=503).client())
    assert failed["pending"] == 1
    assert failed["errors"][0]["error"] == "HTTP 503"
    assert sandbox.world.publish(Receiver().client())["pending"] == 0


def test_it_lists_pending_bods_and_asks_for_a_target_before_publishing(wire: Wire) -> None:
    wire.records("MMS200MI", "UpdItmBasic", ITNO="SKU-00001", ITDS="Renamed mug")
    pending = wire.admin("GET", "bods").json()["pending"]
    assert pending[0]["document"] == "Sync.ItemMaster"
    assert wire.admin("POST", "bods/publish").status_code == 400
    wire.admin("PUT", "settings", {"bod_url": f"{wire.base}/nowhere"})
    result = wire.admin("POST", "bods/publish").json()
    assert result["errors"][0]["error"] == "HTTP 404"
