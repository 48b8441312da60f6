"""Customers and products templates, end to end against both sandboxes."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from backend.bindings.models import Binding
from backend.designer.models import Workflow
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run, execute_run_now
from backend.runs.models import Run, RunMode, RunStatus
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.e2e.conftest import Installer, post_event
from tests.e2e.sandboxes import infor_customers_with_email

pytestmark = pytest.mark.django_db(transaction=True)


def run_scheduled(workflow: Workflow, trigger: str = "schedule") -> Run:
    assert workflow.active_version is not None
    run = new_run(
        workflow,
        workflow.active_version,
        mode=RunMode.MANUAL,
        payload={},
        trigger_node_id=trigger,
        ring=False,
    )
    execute_run_now(run)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def test_it_makes_a_new_shop_customer_an_infor_customer_and_binds_them(
    client: Client, install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("customers")
    customer = shop.sandbox.shop.table("customers")[12]
    event = {
        "id": str(uuid.uuid4()),
        "event": "customer.created",
        "entity": {"type": "customer", "id": 12},
        "data": {"email": customer["email"]},
    }

    status, body = post_event(client, workflow, event)
    assert status == 202
    execute_run(body["runId"])

    assert Run.objects.get(pk=body["runId"]).status == RunStatus.SUCCEEDED
    [number] = infor_customers_with_email(infor, str(customer["email"]))
    assert Binding.objects.filter(kind="customer", shop_id="12", infor_id=number).exists()


def test_it_brings_infor_customer_changes_to_the_shop(
    install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("customers")

    run_scheduled(workflow)

    found = shop.sandbox.shop.find("customers", email="customer1@example.test")
    assert [(c["firstname"], c["lastname"]) for c in found] == [("Luc", "Martin")]


def test_it_writes_changed_items_as_products_and_combinations(
    install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("products", since="20260105")
    reference = str(shop.sandbox.shop.find("combinations", id_product="3")[0]["reference"])
    with infor.world.tenant.lock:
        items = infor.world.tenant.items
        items["SKU-00001"].sapr, items["SKU-00001"].lmdt = "15.50", "20260105"
        items[reference].grwe, items[reference].lmdt = "0.75", "20260105"

    run_scheduled(workflow)

    product = shop.sandbox.shop.find("products", reference="SKU-00001")[0]
    assert float(product["price"]) == 15.5
    [combination] = shop.sandbox.shop.find("combinations", reference=reference)
    assert float(combination["weight"]) == 0.75
