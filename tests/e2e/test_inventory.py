"""Inventory, end to end: M3 balances summed over warehouses, written to the shop's stock."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from backend.bindings.models import UnresolvedValue
from backend.designer.models import Workflow
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run_now
from backend.runs.models import Run, RunMode, RunStatus
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.e2e.conftest import Installer

pytestmark = pytest.mark.django_db(transaction=True)


def run(workflow: Workflow, trigger: str) -> Run:
    assert workflow.active_version is not None
    started = new_run(
        workflow,
        workflow.active_version,
        mode=RunMode.MANUAL,
        payload={},
        trigger_node_id=trigger,
        ring=False,
    )
    execute_run_now(started)
    started.refresh_from_db()
    assert started.status == RunStatus.SUCCEEDED, started.error
    return started


def shop_quantity(shop: ShopSandbox, product: int, combination: int = 0) -> int:
    rows = shop.sandbox.shop.find(
        "stock_availables", id_product=str(product), id_product_attribute=str(combination)
    )
    return int(rows[0]["quantity"])


def allocatable(infor: InforSandbox, itno: str, warehouses: list[str]) -> int:
    with infor.world.tenant.lock:
        balances = infor.world.tenant.balances
        return sum(balances[(w, itno)].av01 for w in warehouses if (w, itno) in balances)


def report(run: Run) -> dict[str, Any]:
    step = run.steps.get(node_id="drift")
    return dict((step.outputs or {})["main"][0]["json"])


def test_it_writes_summed_stock_minus_safety_and_parks_items_the_shop_lacks(
    install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("inventory", warehouses=["001", "002"], safetyStock=2)

    first = run(workflow, "full")

    expected = max(0, allocatable(infor, "SKU-00001", ["001", "002"]) - 2)
    assert shop_quantity(shop, 1) == expected
    drift = report(first)
    assert drift["checked"] > 1000
    assert all(d["shop"] != d["infor"] for d in drift["differences"])
    # M3 knows product 30 as SKU00030: the shop has no such reference, so a person decides.
    assert "SKU00030" in drift["unresolved"]
    assert UnresolvedValue.objects.filter(side="infor", value="SKU00030").exists()

    again = run(workflow, "full")

    assert report(again)["differences"] == []
    assert not again.steps.filter(node_id="update").exists()


def test_it_passes_on_a_goods_receipt_through_the_delta_feed(
    install: Installer, shop: ShopSandbox, infor: InforSandbox
) -> None:
    workflow = install("inventory")
    run(workflow, "delta")  # the first delta run sees every balance
    before = shop_quantity(shop, 1)

    receipt = {"itno": "SKU-00001", "whlo": "001", "quantity": 5}
    httpx.post(f"{infor.base_url}/admin/stock", json=receipt).raise_for_status()
    delta = run(workflow, "delta")

    assert shop_quantity(shop, 1) == before + 5
    assert len((delta.steps.get(node_id="update").outputs or {})["main"]) == 1
