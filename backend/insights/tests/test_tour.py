"""The guided tour's endpoints: an order placed, sent to M3, shipped on the clock, tracked."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.connections.models import Connection
from backend.designer.templates import install_template
from backend.runs.execution import execute_run
from backend.runs.models import Run, RunStatus
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def installed(connected: tuple[Connection, Connection]) -> None:
    chosen = {"shop": str(connected[0].pk), "infor": str(connected[1].pk)}
    for name in ("order_to_cash", "status_back"):
        install_template(name, connections=chosen, settings={}, deploy=True)


def finish(run_id: str) -> Run:
    execute_run(run_id)
    run = Run.objects.get(pk=run_id)
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def test_it_takes_an_order_from_the_shop_to_m3_and_back_with_tracking(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, installed: None
) -> None:
    placed = api.post("/api/v1/tour/order")
    assert placed.status_code == 201, placed.json()
    reference = placed.json()["reference"]
    finish(placed.json()["runId"])

    answer = api.get("/api/v1/tour/progress", {"reference": reference})
    assert answer.status_code == 200, answer.json()
    progress = answer.json()
    assert progress["orderNumber"].startswith("1000")
    assert placed.json()["runId"] in [r["id"] for r in progress["runs"]]
    assert progress["trackingNumber"] == ""

    shipped = api.post("/api/v1/tour/ship", {"reference": reference}, format="json")
    assert shipped.status_code == 202, shipped.json()
    finish(shipped.json()["runId"])

    after = api.get("/api/v1/tour/progress", {"reference": reference}).json()
    assert after["trackingNumber"].startswith("JD")
    timeline = api.get("/api/v1/timeline", {"key": progress["orderNumber"]}).json()
    assert {placed.json()["runId"], shipped.json()["runId"]} <= {r["id"] for r in timeline["runs"]}


def test_it_will_not_ship_an_order_infor_does_not_have(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, installed: None
) -> None:
    answer = api.post("/api/v1/tour/ship", {"reference": "NOSUCHREF"}, format="json")

    assert answer.status_code == 409
    assert "no M3 order number" in answer.json()["detail"]


def test_it_asks_for_the_templates_before_the_tour(api: APIClient) -> None:
    answer = api.post("/api/v1/tour/order")

    assert answer.status_code == 409
    assert "install the templates" in answer.json()["detail"]
