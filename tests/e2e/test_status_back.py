"""Status back, end to end: orders created by order to cash, Infor's clock moved or its warehouse
shipping in parts, the shop told by polling and by Infor's Sync BODs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from django.test import Client

from backend.designer.models import Workflow
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run, execute_run_now
from backend.runs.models import Run, RunMode, RunStatus
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.infor.sandbox.state import Order
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.e2e.conftest import Installer, post_event
from tests.e2e.sandboxes import infor_orders, order_created, place_order, shop_order

pytestmark = pytest.mark.django_db(transaction=True)
HOUR = 3600
SHIPPED, PROCESSING, CANCELLED = "4", "3", "6"
ORDER_DOCUMENTS = ("Sync.SalesOrder", "Sync.Shipment", "Sync.Invoice")
EFFECT_NODES = ("setTracking", "shipped", "partialTracking", "partialState", "pay", "cancel")


def send_to_infor(client: Client, o2c: Workflow, shop: ShopSandbox, lines: Any) -> dict[str, Any]:
    order = place_order(shop, 7, lines)
    status, body = post_event(client, o2c, order_created(order))
    assert status == 202
    execute_run(body["runId"])
    run = Run.objects.get(pk=body["runId"])
    assert run.status == RunStatus.SUCCEEDED, run.error
    return order


def split_order(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox, **settings: Any
) -> tuple[Workflow, dict[str, Any], Order]:
    """Status back installed, and an order of two lines (2 + 1 units) allocated in M3."""
    o2c, back = install("order_to_cash"), install("status_back", **settings)
    order = send_to_infor(client, o2c, shop, [(1, 0, 2), (2, 0, 1)])
    [m3_order] = infor_orders(infor, order["reference"])
    for line in m3_order.lines:
        stock = {"itno": line.itno, "whlo": line.whlo, "quantity": line.orqt}
        httpx.post(f"{infor.base_url}/admin/stock", json=stock).raise_for_status()
    httpx.get(f"{infor.base_url}/admin/state").raise_for_status()  # allocates on its clock
    assert [line.status for line in m3_order.lines] == ["33", "33"]
    return back, order, m3_order


def poll(workflow: Workflow) -> Run:
    assert workflow.active_version is not None
    run = new_run(
        workflow,
        workflow.active_version,
        mode=RunMode.MANUAL,
        payload={},
        trigger_node_id="manual",
        ring=False,
    )
    execute_run_now(run)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def advance(infor: InforSandbox, seconds: int) -> None:
    httpx.post(f"{infor.base_url}/admin/clock", json={"advance": seconds}).raise_for_status()


def deliver(infor: InforSandbox, orno: str, lines: list[dict[str, int]] | None) -> dict[str, Any]:
    """Ship part of an order now (or all that is allocated), as the warehouse would."""
    body = {} if lines is None else {"lines": lines}
    answer = httpx.post(f"{infor.base_url}/admin/orders/{orno}/deliveries", json=body)
    assert answer.status_code == 201, answer.text
    delivery: dict[str, Any] = answer.json()["delivery"]
    return delivery


def tracking_of(shop: ShopSandbox, order_id: int) -> str:
    rows = shop.sandbox.shop.find("order_carriers", id_order=str(order_id))
    return str(rows[0]["tracking_number"])


def moves_to(shop: ShopSandbox, order_id: int, state: str) -> int:
    """How many times the order was moved into ``state`` (its order history rows)."""
    found = shop.sandbox.shop.find("order_histories", id_order=str(order_id))
    return sum(1 for row in found if str(row["id_order_state"]) == state)


def acted(run: Run) -> set[str]:
    """The shop-writing nodes the run went through."""
    return set(run.steps.filter(node_id__in=EFFECT_NODES).values_list("node_id", flat=True))


def test_it_ships_with_tracking_then_records_the_invoice_as_a_payment(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    o2c, back = install("order_to_cash"), install("status_back")
    order = send_to_infor(client, o2c, shop, [(1, 0, 1)])
    order_id = int(order["id"])
    [m3_order] = infor_orders(infor, order["reference"])

    advance(infor, 2 * HOUR + 60)
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == SHIPPED
    with infor.world.tenant.lock:
        etrn = infor.world.tenant.orders[m3_order.orno].deliveries[0].etrn
    assert tracking_of(shop, order_id) == etrn

    advance(infor, HOUR + 60)
    poll(back)
    poll(back)

    payments = shop.sandbox.shop.find("order_payments", order_reference=order["reference"])
    from_infor = [p for p in payments if str(p["transaction_id"]).startswith("M3-")]
    assert len(from_infor) == 1
    assert shop_order(shop, order_id)["current_state"] == SHIPPED


def test_it_ships_a_split_order_only_once_every_line_is_delivered(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    back, order, m3_order = split_order(client, install, shop, infor)
    order_id = int(order["id"])

    # One of line 1's two units leaves first: M3 says line 1 is 36, line 2 33.
    first = deliver(infor, m3_order.orno, [{"line": 1, "quantity": 1}])
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == PROCESSING
    assert tracking_of(shop, order_id) == first["tracking"]
    assert acted(poll(back)) == set()

    second = deliver(infor, m3_order.orno, None)
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == SHIPPED
    assert tracking_of(shop, order_id).split() == [first["tracking"], second["tracking"]]
    assert moves_to(shop, order_id, SHIPPED) == 1


def test_it_moves_a_partly_shipped_order_to_the_shops_own_state_and_never_back(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    # The shop owner added a state for partly shipped orders, as PrestaShop lets one do.
    states = shop.sandbox.shop.table("order_states")
    partly = max(states) + 1
    states[partly] = {**states[int(PROCESSING)], "id": partly, "name": "Partly shipped"}
    back, order, m3_order = split_order(client, install, shop, infor, partialShipmentState=partly)
    order_id = int(order["id"])

    first = deliver(infor, m3_order.orno, [{"line": 2, "quantity": 1}])
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == str(partly)
    assert tracking_of(shop, order_id) == first["tracking"]

    # More of the order leaves, still not all: it stays partly shipped, one move only.
    second = deliver(infor, m3_order.orno, [{"line": 1, "quantity": 1}])
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == str(partly)
    assert moves_to(shop, order_id, str(partly)) == 1
    assert tracking_of(shop, order_id).split() == [first["tracking"], second["tracking"]]

    third = deliver(infor, m3_order.orno, None)
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == SHIPPED
    assert len(tracking_of(shop, order_id).split()) == 3
    assert third["tracking"] in tracking_of(shop, order_id)


def test_it_leaves_a_shipped_shop_order_shipped_when_infor_ships_only_part(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    states = shop.sandbox.shop.table("order_states")
    partly = max(states) + 1
    states[partly] = {**states[int(PROCESSING)], "id": partly, "name": "Partly shipped"}
    back, order, m3_order = split_order(client, install, shop, infor, partialShipmentState=partly)
    order_id = int(order["id"])
    # Someone marked the order shipped in the back office before Infor said anything.
    shop.sandbox.shop.table("orders")[order_id]["current_state"] = SHIPPED

    deliver(infor, m3_order.orno, [{"line": 1, "quantity": 2}])
    poll(back)

    assert shop_order(shop, order_id)["current_state"] == SHIPPED
    assert moves_to(shop, order_id, str(partly)) == 0


def test_it_keeps_the_latest_tracking_numbers_that_fit_the_shops_field(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    o2c, back = install("order_to_cash"), install("status_back")
    order = send_to_infor(client, o2c, shop, [(1, 0, 5)])
    [m3_order] = infor_orders(infor, order["reference"])
    stock = {"itno": m3_order.lines[0].itno, "whlo": m3_order.lines[0].whlo, "quantity": 5}
    httpx.post(f"{infor.base_url}/admin/stock", json=stock).raise_for_status()

    # Five parcels of one unit each, the shop told after each one.
    parcels = []
    for _ in range(5):
        parcels.append(deliver(infor, m3_order.orno, [{"line": 1, "quantity": 1}])["tracking"])
        poll(back)

    # PrestaShop's tracking field holds 64 characters: four of Infor's numbers, the latest.
    assert tracking_of(shop, int(order["id"])).split() == parcels[1:]
    assert shop_order(shop, int(order["id"]))["current_state"] == SHIPPED


def test_it_cancels_the_shop_order_infor_cancelled(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    o2c, back = install("order_to_cash"), install("status_back")
    order = send_to_infor(client, o2c, shop, [(1, 0, 1)])
    [m3_order] = infor_orders(infor, order["reference"])
    with infor.world.tenant.lock:
        # Deleted in M3 (header status 90), as a person does in OIS100.
        infor.world.tenant.orders[m3_order.orno].stat = "90"

    poll(back)

    assert shop_order(shop, int(order["id"]))["current_state"] == CANCELLED


def document_of(run: Run) -> str:
    """The BOD (``Sync.Shipment``...) a webhook run started from."""
    return str((run.input or {}).get("document", ""))


def publish_bods(infor: InforSandbox, back: Workflow) -> list[Run]:
    """Infor sends its pending Sync BODs to the workflow's hook; Ferry runs what they start."""
    answer = httpx.post(f"{infor.base_url}/admin/bods/publish", timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.json()["errors"] == []
    runs = []
    queued = Run.objects.filter(workflow=back, mode=RunMode.WEBHOOK, status=RunStatus.QUEUED)
    for run in queued.order_by("created_at"):
        execute_run(str(run.pk))
        run.refresh_from_db()
        assert run.status == RunStatus.SUCCEEDED, run.error
        runs.append(run)
    return runs


def test_infor_bods_drive_status_back_without_repeating_what_polling_did(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox, live_server: Any
) -> None:
    back, order, m3_order = split_order(client, install, shop, infor)
    order_id = int(order["id"])
    hook = f"{live_server.url}/hooks/{back.hook_token}"
    settings = {"bod_url": hook, "bod_style": "ims"}
    httpx.put(f"{infor.base_url}/admin/settings", json=settings).raise_for_status()

    # First part: the BODs reach the shop before any poll.
    first = deliver(infor, m3_order.orno, [{"line": 1, "quantity": 1}])
    by_bods = publish_bods(infor, back)

    # Runs of one order's BODs are ordered by its number; customer BODs start runs that end.
    about_orders = [run for run in by_bods if document_of(run) in ORDER_DOCUMENTS]
    assert {run.business_key for run in about_orders} == {m3_order.orno}
    assert shop_order(shop, order_id)["current_state"] == PROCESSING
    assert tracking_of(shop, order_id) == first["tracking"]
    assert acted(poll(back)) == set()

    # The rest: the poll sees it first, the BODs that follow change nothing.
    second = deliver(infor, m3_order.orno, None)
    assert acted(poll(back)) == {"setTracking", "shipped"}
    late = publish_bods(infor, back)

    assert any(document_of(run) == "Sync.Shipment" for run in late)
    assert set().union(*(acted(run) for run in late)) == set()
    assert shop_order(shop, order_id)["current_state"] == SHIPPED
    assert tracking_of(shop, order_id).split() == [first["tracking"], second["tracking"]]
    assert moves_to(shop, order_id, SHIPPED) == 1

    # The two deliveries' invoices arrive as BODs: a payment each, and the next poll adds none.
    advance(infor, 3 * HOUR)
    publish_bods(infor, back)
    assert len(payments_from_infor(shop, order)) == 2
    poll(back)
    assert len(payments_from_infor(shop, order)) == 2


def payments_from_infor(shop: ShopSandbox, order: dict[str, Any]) -> list[dict[str, Any]]:
    payments = shop.sandbox.shop.find("order_payments", order_reference=order["reference"])
    return [p for p in payments if str(p["transaction_id"]).startswith("M3-")]


def test_it_records_the_payment_of_each_delivery_as_infor_invoices_it(
    client: Client,
    install: Installer,
    shop: ShopSandbox,
    infor: InforSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No goods arrive meanwhile, so line 2 waits for stock the whole time.
    monkeypatch.setattr(infor.world.timing, "receipts_per_hour", 0)
    o2c, back = install("order_to_cash"), install("status_back")
    order = send_to_infor(client, o2c, shop, [(1, 0, 1), (2, 0, 1)])
    [m3_order] = infor_orders(infor, order["reference"])
    assert [line.status for line in m3_order.lines] == ["33", "22"]

    deliver(infor, m3_order.orno, [{"line": 1, "quantity": 1}])
    advance(infor, 3 * HOUR + 60)
    poll(back)

    # Line 1 delivered and invoiced (77), line 2 still waiting (22): paid for what shipped.
    assert [line.status for line in m3_order.lines] == ["77", "22"]
    [first] = payments_from_infor(shop, order)
    assert float(first["amount"]) == m3_order.invoices[0].net + m3_order.invoices[0].vat
    assert shop_order(shop, int(order["id"]))["current_state"] == PROCESSING

    stock = {"itno": m3_order.lines[1].itno, "whlo": m3_order.lines[1].whlo, "quantity": 1}
    httpx.post(f"{infor.base_url}/admin/stock", json=stock).raise_for_status()
    # The order is hours old: on its clock the rest is allocated, shipped and invoiced at once.
    advance(infor, 60)
    poll(back)

    assert shop_order(shop, int(order["id"]))["current_state"] == SHIPPED
    assert len(payments_from_infor(shop, order)) == 2


def test_a_repeated_bod_starts_no_second_run(
    install: Installer, infor: InforSandbox, client: Client
) -> None:
    back = install("status_back")
    body = (
        '<SyncShipment xmlns="http://schema.infor.com/InforOAGIS/2"><ApplicationArea>'
        "<BODID>infor-nid:FERRY_TST:100:AAA:50000009:1?Shipment&amp;verb=Sync</BODID>"
        "</ApplicationArea><DataArea><Sync/><Shipment><ShipmentHeader><DocumentID><ID>50000009"
        "</ID></DocumentID><SalesOrderReference><DocumentID><ID>1000000099</ID></DocumentID>"
        "</SalesOrderReference></ShipmentHeader></Shipment></DataArea></SyncShipment>"
    )
    answers = [
        client.post(f"/hooks/{back.hook_token}", data=body, content_type="application/xml")
        for _ in range(2)
    ]

    assert [a.status_code for a in answers] == [202, 200]
    assert answers[1].json()["runId"] == answers[0].json()["runId"]
