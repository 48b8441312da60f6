"""Order to cash, end to end: the module's webhook in, the engine, both sandboxes over HTTP."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from backend.designer import services
from backend.durability.models import DeadLetter
from backend.runs.execution import execute_run
from backend.runs.models import Run, RunStatus
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.conftest import wait_for
from tests.e2e.conftest import Installer, post_event
from tests.e2e.sandboxes import (
    infor_customers_with_email,
    infor_orders,
    order_created,
    place_order,
    shop_messages,
    shop_order,
)

pytestmark = pytest.mark.django_db(transaction=True)
PROCESSING = "3"
CUSTOMER = 7


def accept_and_run(client: Client, workflow: Any, payload: dict[str, Any]) -> Run:
    status, body = post_event(client, workflow, payload)
    assert status == 202, body
    execute_run(body["runId"])
    return Run.objects.get(pk=body["runId"])


def test_it_creates_the_infor_order_and_writes_its_number_back(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 2), (3, 0, 1)])

    run = accept_and_run(client, workflow, order_created(order))

    assert run.status == RunStatus.SUCCEEDED, run.error
    [created] = infor_orders(infor, order["reference"])
    assert [(line.itno, line.orqt) for line in created.lines] == [
        ("SKU-00001", 2),
        ("SKU-00003", 1),
    ]
    assert shop_messages(shop, int(order["id"])) == [
        f"Infor order {created.orno} (customer {created.cuno})"
    ]
    assert shop_order(shop, int(order["id"]))["current_state"] == PROCESSING
    assert run.business_key == f"customer-{CUSTOMER}"


def test_it_runs_a_resent_webhook_once(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    event = order_created(order)
    first = post_event(client, workflow, event)
    again = post_event(client, workflow, {**event, "id": "another-delivery-of-the-same-event"})

    assert first[0] == 202
    assert again == (200, {"runId": first[1]["runId"], "duplicate": True})
    execute_run(first[1]["runId"])
    assert len(infor_orders(infor, order["reference"])) == 1


def test_it_makes_one_infor_customer_for_two_simultaneous_orders_of_a_new_customer(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox, embedded: Any
) -> None:
    workflow = install("order_to_cash")
    orders = [place_order(shop, CUSTOMER, [(1, 0, 1)]), place_order(shop, CUSTOMER, [(2, 0, 1)])]
    email = str(shop.sandbox.shop.table("customers")[CUSTOMER]["email"])
    assert infor_customers_with_email(infor, email) == []
    # Slow M3 calls widen the window between "search by e-mail" and "add" that a race needs.
    httpx.put(f"{infor.base_url}/admin/faults", json={"latency": 0.15})

    for order in orders:
        assert post_event(client, workflow, order_created(order))[0] == 202

    finished = lambda: Run.objects.filter(status=RunStatus.SUCCEEDED).count() == 2  # noqa: E731
    assert wait_for(finished, 20), list(Run.objects.values_list("status", "error"))
    assert len(infor_customers_with_email(infor, email)) == 1
    customers = {infor_orders(infor, o["reference"])[0].cuno for o in orders}
    assert len(customers) == 1


def test_it_parks_an_order_infor_rejects_with_the_reason(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    # Product 25 is not in M3 (the sandboxes' shared catalogue rule).
    order = place_order(shop, CUSTOMER, [(25, 0, 1)])

    run = accept_and_run(client, workflow, order_created(order))

    assert run.status == RunStatus.FAILED
    letter = DeadLetter.objects.get(run=run)
    assert letter.node_id == "salesOrder"
    assert "SKU-00025" in letter.reason
    assert infor_orders(infor, order["reference"]) == []
    assert shop_order(shop, int(order["id"]))["current_state"] != PROCESSING


def test_it_refuses_an_order_whose_total_does_not_add_up(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    shop.sandbox.shop.table("orders")[int(order["id"])]["total_paid_tax_incl"] = "999.000000"

    run = accept_and_run(client, workflow, order_created(order))

    letter = DeadLetter.objects.get(run=run)
    assert letter.node_id == "refuse"
    assert "is not the sum of its lines plus shipping minus discounts" in letter.reason
    assert infor_orders(infor, order["reference"]) == []


def test_it_splits_a_long_street_over_m3_address_lines(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    address = shop.sandbox.shop.table("addresses")[int(order["id_address_delivery"])]
    address["address1"] = "Building 4, Floor 12, Suite 1204, Riverside Business Park"
    address["address2"] = "1200 North Lakeshore Boulevard Extension, Gate C"

    run = accept_and_run(client, workflow, order_created(order))

    assert run.status == RunStatus.SUCCEEDED, run.error
    [created] = infor_orders(infor, order["reference"])
    lines = [created.ship_to.get(f"CUA{n}", "") for n in range(1, 5)]
    assert all(len(line) <= 36 for line in lines)
    assert len([line for line in lines if line]) >= 3


def test_it_sends_the_shop_currency_when_it_is_not_the_companys(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    shop.sandbox.shop.table("orders")[int(order["id"])]["id_currency"] = "3"

    run = accept_and_run(client, workflow, order_created(order))

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert infor_orders(infor, order["reference"])[0].cucd == "GBP"


def test_it_stops_a_mapping_that_gives_text_where_m3_wants_a_number(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    document = copy.deepcopy(workflow.active_version.document)  # type: ignore[union-attr]
    to_order = next(node for node in document["nodes"] if node["id"] == "toOrder")
    # A user's edit on the canvas: quantities written as text.
    to_order["config"]["expression"] = to_order["config"]["expression"].replace(
        '"quantity": $number(product_quantity)', '"quantity": $string(product_quantity) & " pcs"'
    )
    services.deploy(services.save_version(workflow, document).version)
    order = place_order(shop, CUSTOMER, [(1, 0, 2)])

    run = accept_and_run(client, workflow, order_created(order))

    letter = DeadLetter.objects.get(run=run)
    assert letter.node_id == "badOrder"
    assert (letter.error or {}).get("field") == "$.lines[0].quantity"
    assert "'2 pcs' is not of type 'number'" in letter.reason
    with infor.world.tenant.lock:
        assert infor.world.tenant.batch_orders == {}


def test_it_waits_out_a_shop_outage_and_then_finishes(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    httpx.post(
        f"{shop.url}/admin/faults", json={"resource": "*", "errorRate": 1, "errorStatus": 503}
    )

    run = accept_and_run(client, workflow, order_created(order))
    assert run.status == RunStatus.RETRY_WAIT

    # The shop is back; the retry is made due now instead of waiting out its back-off.
    httpx.delete(f"{shop.url}/admin/faults")
    Run.objects.filter(pk=run.pk).update(due_at=timezone.now())
    execute_run(str(run.pk))

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert len(infor_orders(infor, order["reference"])) == 1


def test_it_does_not_send_an_order_cancelled_before_infor_has_it(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    shop.sandbox.shop.table("orders")[int(order["id"])]["current_state"] = "6"

    run = accept_and_run(client, workflow, order_created(order))

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert infor_orders(infor, order["reference"]) == []
    assert run.steps.filter(node_id="salesOrder").count() == 0
