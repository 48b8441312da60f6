"""Order to cash, end to end: the module's webhook in, the engine, both sandboxes over HTTP."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from backend.designer import services
from backend.designer.models import Workflow
from backend.durability.models import DeadLetter
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run, execute_run_now
from backend.runs.models import Run, RunMode, RunStatus
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.credentials import client_for
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.conftest import wait_for
from tests.e2e.conftest import Installer, post_event
from tests.e2e.sandboxes import (
    infor_customers_with_email,
    infor_orders,
    order_created,
    place_order,
    shop_fields,
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


def test_it_stops_an_order_missing_a_field_m3_requires_before_calling_infor(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    # A street of blanks passes the shop's check; M3 needs a first address line (CUA1), so
    # the address check stops the order before any call to Infor.
    address = shop.sandbox.shop.table("addresses")[int(order["id_address_delivery"])]
    address["address1"] = "   "

    run = accept_and_run(client, workflow, order_created(order))

    assert run.status == RunStatus.FAILED
    letter = DeadLetter.objects.get(run=run)
    assert letter.node_id == "badAddress"
    assert "The address has no street line." in letter.reason
    email = str(shop.sandbox.shop.table("customers")[CUSTOMER]["email"])
    assert infor_customers_with_email(infor, email) == []
    assert infor_orders(infor, order["reference"]) == []


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


CANCELLED = "6"


@dataclass
class Polled:
    """A tick of the backstop: the polling run and the runs it started, one per order found."""

    run: Run
    orders: list[Run]

    def of(self, order: dict[str, Any]) -> Run:
        [found] = [
            run for run in self.orders if str((run.input or {}).get("id")) == str(order["id"])
        ]
        return found


def poll(workflow: Workflow) -> Polled:
    """One tick of the backstop's schedule, run here and now, then each order's own run."""
    assert workflow.active_version is not None
    run = new_run(
        workflow,
        workflow.active_version,
        mode=RunMode.SCHEDULE,
        payload={"scheduledAt": timezone.now().isoformat()},
        trigger_node_id="poll",
        ring=False,
    )
    execute_run_now(run)
    run.refresh_from_db()
    orders = list(Run.objects.filter(parent_run=run).order_by("created_at", "id"))
    for order_run in orders:
        execute_run_now(order_run)
        order_run.refresh_from_db()
    return Polled(run, orders)


def install_with_backstop(install: Installer) -> Workflow:
    """The template with a backstop that reads changes at once, its cursor set by a first poll."""
    workflow = install("order_to_cash", pollSettleSeconds=0)
    first = poll(workflow)
    assert first.run.status == RunStatus.SUCCEEDED, first.run.error
    return workflow


def status_changed(order: dict[str, Any], state: str) -> dict[str, Any]:
    """The module's ``order.status_changed`` event (the sandbox sends the order's fields)."""
    return {
        "id": str(uuid.uuid4()),
        "event": "order.status_changed",
        "occurredAt": "2026-11-27T07:00:00Z",
        "shop": {"url": "http://shop.test/", "id": 1, "version": "8.1.7"},
        "entity": {"type": "order", "id": int(order["id"])},
        "data": {"current_state": int(state), "id_customer": int(order["id_customer"])},
    }


def cancel_in_shop(shop: ShopSandbox, order: dict[str, Any]) -> None:
    """A clerk cancels the order in the back office (a new order history)."""
    client = client_for(shop_fields(shop), httpx.Client(timeout=10))
    client.create("order_histories", {"id_order": int(order["id"]), "id_order_state": CANCELLED})


def test_it_creates_an_order_whose_webhook_was_lost_from_the_poll_once(
    install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install_with_backstop(install)
    order = place_order(shop, CUSTOMER, [(1, 0, 2)])  # no webhook reaches Ferry

    found = poll(workflow)
    # Moving the order to processing changed it, so a later poll reads it again (a second
    # later in the shop, whatever the speed of this test): it is known and left alone.
    row = shop.sandbox.shop.table("orders")[int(order["id"])]
    row["date_upd"] = shop.sandbox.shop.clock.text(timedelta(seconds=1))
    again = poll(workflow)

    assert found.run.status == RunStatus.SUCCEEDED, found.run.error
    assert not found.run.steps.exclude(node_id="poll").exists()
    [order_run] = found.orders
    assert order_run.status == RunStatus.SUCCEEDED, order_run.error
    assert order_run.business_key == f"customer-{CUSTOMER}"
    [created] = infor_orders(infor, order["reference"])
    assert shop_messages(shop, int(order["id"])) == [
        f"Infor order {created.orno} (customer {created.cuno})"
    ]
    assert shop_order(shop, int(order["id"]))["current_state"] == PROCESSING
    [known] = again.orders
    assert known.status == RunStatus.SUCCEEDED, known.error
    assert known.steps.filter(node_id="known").exists()
    assert not known.steps.filter(node_id="salesOrder").exists()


def test_it_creates_an_order_that_came_by_webhook_and_poll_once(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install_with_backstop(install)
    by_webhook = place_order(shop, CUSTOMER, [(1, 0, 1)])
    by_poll_first = place_order(shop, CUSTOMER, [(2, 0, 1)])

    webhook_run = accept_and_run(client, workflow, order_created(by_webhook))
    polled = poll(workflow)  # reads both: one already in Infor, one not yet
    late_webhook = accept_and_run(client, workflow, order_created(by_poll_first))

    for run in (webhook_run, polled.run, *polled.orders, late_webhook):
        assert run.status == RunStatus.SUCCEEDED, run.error
    for order in (by_webhook, by_poll_first):
        assert len(infor_orders(infor, order["reference"])) == 1
        assert len(shop_messages(shop, int(order["id"]))) == 1
    assert not polled.of(by_webhook).steps.filter(node_id="salesOrder").exists()
    [created_by_poll] = polled.of(by_poll_first).steps.filter(
        node_id="salesOrder", status="succeeded"
    )
    outputs = created_by_poll.outputs or {}
    assert [item["json"]["reference"] for item in outputs["main"]] == [by_poll_first["reference"]]
    assert not late_webhook.steps.filter(node_id="salesOrder").exists()


def test_it_cancels_the_infor_order_when_the_shop_cancels_it(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 2), (3, 0, 1)])
    accept_and_run(client, workflow, order_created(order))
    cancel_in_shop(shop, order)

    run = accept_and_run(client, workflow, status_changed(order, CANCELLED))

    assert run.status == RunStatus.SUCCEEDED, run.error
    [m3_order] = infor_orders(infor, order["reference"])
    assert m3_order.stat == "90"
    assert [line.status for line in m3_order.lines] == ["99", "99"]
    assert shop_messages(shop, int(order["id"]))[-1] == f"Infor order {m3_order.orno} cancelled"
    assert shop_order(shop, int(order["id"]))["current_state"] == CANCELLED
    assert run.business_key == f"customer-{CUSTOMER}"


def test_it_cancels_from_the_poll_when_the_status_webhook_was_lost(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install_with_backstop(install)
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    accept_and_run(client, workflow, order_created(order))
    cancel_in_shop(shop, order)

    polled = poll(workflow)
    # The webhook arrives after all: the order is already cancelled in Infor, said once.
    late = accept_and_run(client, workflow, status_changed(order, CANCELLED))

    assert polled.of(order).status == RunStatus.SUCCEEDED, polled.of(order).error
    assert late.status == RunStatus.SUCCEEDED, late.error
    [m3_order] = infor_orders(infor, order["reference"])
    assert m3_order.stat == "90"
    notes = shop_messages(shop, int(order["id"]))
    assert notes.count(f"Infor order {m3_order.orno} cancelled") == 1


def test_it_parks_a_cancellation_infor_cannot_make_because_the_order_shipped(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    accept_and_run(client, workflow, order_created(order))
    # Two hours on Infor's clock: picked, then delivered with a tracking number.
    httpx.post(f"{infor.base_url}/admin/clock", json={"advance": 7200}).raise_for_status()
    cancel_in_shop(shop, order)

    run = accept_and_run(client, workflow, status_changed(order, CANCELLED))

    assert run.status == RunStatus.FAILED
    letter = DeadLetter.objects.get(run=run)
    assert letter.node_id == "cannotCancel"
    [m3_order] = infor_orders(infor, order["reference"])
    assert f"Infor order {m3_order.orno} cannot be cancelled: line 1" in letter.reason
    assert "delivered (66)" in letter.reason
    assert m3_order.stat == "20"
    assert [line.status for line in m3_order.lines] == ["66"]


def test_it_ignores_a_state_change_of_an_order_infor_does_not_have(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])

    run = accept_and_run(client, workflow, status_changed(order, PROCESSING))

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert infor_orders(infor, order["reference"]) == []
    assert not run.steps.filter(node_id="customer").exists()


def test_it_cancels_an_order_the_shop_cancelled_while_it_was_being_sent(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    # The Infor order is made, then the shop's messages fail for a while...
    httpx.post(
        f"{shop.url}/admin/faults",
        json={"resource": "messages", "errorRate": 1, "errorStatus": 503},
    )
    run = accept_and_run(client, workflow, order_created(order))
    assert run.status == RunStatus.RETRY_WAIT
    assert len(infor_orders(infor, order["reference"])) == 1
    # ...and meanwhile the customer cancels.
    cancel_in_shop(shop, order)
    httpx.delete(f"{shop.url}/admin/faults")
    Run.objects.filter(pk=run.pk).update(due_at=timezone.now())
    execute_run(str(run.pk))

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    [m3_order] = infor_orders(infor, order["reference"])
    assert m3_order.stat == "90"
    assert shop_order(shop, int(order["id"]))["current_state"] == CANCELLED
    assert not run.steps.filter(node_id="processing").exists()


def test_it_runs_each_polled_order_on_its_own_so_a_refused_one_stops_only_itself(
    install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install_with_backstop(install)
    refused = place_order(shop, CUSTOMER, [(1, 0, 1)])
    shop.sandbox.shop.table("orders")[int(refused["id"])]["total_paid_tax_incl"] = "999.000000"
    good = place_order(shop, CUSTOMER, [(2, 0, 1)])

    polled = poll(workflow)

    assert polled.run.status == RunStatus.SUCCEEDED, polled.run.error
    assert polled.of(good).status == RunStatus.SUCCEEDED, polled.of(good).error
    assert polled.of(refused).status == RunStatus.FAILED
    assert DeadLetter.objects.filter(run__in=[polled.run, polled.of(good)]).count() == 0
    letter = DeadLetter.objects.get(run=polled.of(refused))
    assert letter.node_id == "refuse"
    assert refused["reference"] in letter.reason
    assert infor_orders(infor, refused["reference"]) == []
    [created] = infor_orders(infor, good["reference"])
    assert shop_messages(shop, int(good["id"])) == [
        f"Infor order {created.orno} (customer {created.cuno})"
    ]
    assert shop_order(shop, int(good["id"]))["current_state"] == PROCESSING


def test_it_cancels_on_the_modules_own_status_event_keyed_by_order(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("order_to_cash")
    order = place_order(shop, CUSTOMER, [(1, 0, 1)])
    accept_and_run(client, workflow, order_created(order))
    cancel_in_shop(shop, order)
    # The Ferry module sends only the states with a status change, not the customer.
    event = status_changed(order, CANCELLED)
    event["data"] = {"current_state": int(CANCELLED), "previous_state": 3}

    run = accept_and_run(client, workflow, event)

    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.business_key == f"order-{order['id']}"
    assert infor_orders(infor, order["reference"])[0].stat == "90"
