"""Status back, end to end: orders created by order to cash, Infor's clock moved, the shop told."""

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
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.e2e.conftest import Installer, post_event
from tests.e2e.sandboxes import infor_orders, order_created, place_order, shop_order

pytestmark = pytest.mark.django_db(transaction=True)
HOUR = 3600
SHIPPED, PROCESSING, CANCELLED = "4", "3", "6"


def send_to_infor(client: Client, o2c: Workflow, shop: ShopSandbox, lines: Any) -> dict[str, Any]:
    order = place_order(shop, 7, lines)
    status, body = post_event(client, o2c, order_created(order))
    assert status == 202
    execute_run(body["runId"])
    assert Run.objects.get(pk=body["runId"]).status == RunStatus.SUCCEEDED
    return order


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
    answer.raise_for_status()
    delivery: dict[str, Any] = answer.json()["delivery"]
    return delivery


def tracking_of(shop: ShopSandbox, order_id: int) -> str:
    rows = shop.sandbox.shop.find("order_carriers", id_order=str(order_id))
    return str(rows[0]["tracking_number"])


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
        etrn = infor.world.tenant.orders[m3_order.orno].delivery.etrn  # type: ignore[union-attr]
    assert tracking_of(shop, order_id) == etrn

    advance(infor, HOUR + 60)
    poll(back)
    poll(back)

    payments = shop.sandbox.shop.find("order_payments", order_reference=order["reference"])
    from_infor = [p for p in payments if str(p["transaction_id"]).startswith("M3-")]
    assert len(from_infor) == 1
    assert shop_order(shop, order_id)["current_state"] == SHIPPED


def test_it_keeps_a_partly_delivered_order_in_processing(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    o2c, back = install("order_to_cash"), install("status_back")
    order = send_to_infor(client, o2c, shop, [(1, 0, 1), (2, 0, 1)])
    [m3_order] = infor_orders(infor, order["reference"])
    first = deliver(infor, m3_order.orno, [{"line": 1, "quantity": 1}])

    poll(back)

    assert shop_order(shop, int(order["id"]))["current_state"] == PROCESSING
    assert tracking_of(shop, int(order["id"])) == first["tracking"]


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
