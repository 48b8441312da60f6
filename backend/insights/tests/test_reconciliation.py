"""GET /api/v1/reconciliation against both sandboxes holding deliberately different orders."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from backend.connections.models import Connection
from backend.insights.reconciliation import InforOrder, ShopOrder, compare
from backend.insights.tests.sandboxes import advance, m3_order, shop_order
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox

pytestmark = pytest.mark.django_db
HOUR = 3600


def today_report(api: APIClient, **extra: str) -> Any:
    day = shop_day()
    return api.get("/api/v1/reconciliation", {"from": day, "to": day, **extra})


def shop_day() -> str:
    return SHOP_DAY[0]


SHOP_DAY = [date.today().isoformat()]


def kinds(report: dict[str, Any], reference: str) -> list[str]:
    return [m["kind"] for m in report["mismatches"] if m["reference"] == reference]


def test_it_lists_missing_differing_uninvoiced_and_unpaid_orders(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    same, wrong, missing = shop_order(shop), shop_order(shop), shop_order(shop)
    SHOP_DAY[0] = str(same["date_add"])[:10]
    net = float(same["total_products"])
    m3_order(infor, same["reference"], "SKU-00001", net)
    m3_order(infor, wrong["reference"], "SKU-00001", net + 5)

    answer = today_report(api)
    assert answer.status_code == 200, answer.json()
    report = answer.json()

    assert kinds(report, same["reference"]) == []
    assert kinds(report, wrong["reference"]) == ["amount_differs"]
    assert kinds(report, missing["reference"]) == ["missing_in_infor"]
    total = report["totals"][0]
    assert (total["shopOrders"], total["inforOrders"]) == (3, 2)
    assert total["difference"] == pytest.approx(round(net - 5, 2))

    advance(infor, 2 * HOUR + 60)
    assert kinds(today_report(api).json(), same["reference"]) == ["shipped_not_invoiced"]
    advance(infor, HOUR)
    assert kinds(today_report(api).json(), same["reference"]) == ["invoiced_unpaid"]


def test_it_exports_the_mismatches_as_csv(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    missing = shop_order(shop)
    SHOP_DAY[0] = str(missing["date_add"])[:10]

    answer = today_report(api, export="csv")

    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode().splitlines()
    assert lines[0] == "day,currency,reference,shopOrderId,orderNumber,kind,detail"
    assert f"{missing['reference']},{missing['id']},,missing_in_infor" in lines[1]


def test_it_names_the_system_that_is_down(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    infor.world.faults.outage_from = 0
    infor.world.faults.outage_until = 2**40
    shop_order(shop)

    answer = today_report(api)

    assert answer.status_code == 502
    assert answer.json()["system"] == "Infor"


def test_it_refuses_a_bad_period_and_a_missing_connection(api: APIClient) -> None:
    bad = api.get("/api/v1/reconciliation", {"from": "2026-02-01", "to": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["field"] == "to"
    backwards = api.get("/api/v1/reconciliation", {"from": "2026-02-01", "to": "2026-01-01"})
    assert backwards.status_code == 400
    none = api.get("/api/v1/reconciliation", {"from": "2026-01-01", "to": "2026-01-02"})
    assert none.status_code == 400
    assert none.json()["problems"][0]["field"] == "shop"


def test_it_totals_per_day_and_currency() -> None:
    def shop(ref: str, day: str, currency: str, net: float) -> ShopOrder:
        return ShopOrder(1, ref, day, currency, net, net * 1.2, paid=True, shipped=False)

    pairs: list[tuple[ShopOrder, InforOrder | None]] = [
        (shop("A", "2026-01-05", "EUR", 10.0), InforOrder("1", 10.004, "EUR", "20", "33")),
        (shop("B", "2026-01-05", "GBP", 7.0), None),
        (shop("C", "2026-01-06", "EUR", 3.0), InforOrder("2", 3.0, "EUR", "20", "33")),
    ]

    totals = compare(pairs, tolerance=0.01)["totals"]

    assert [(t["day"], t["currency"], t["shopNet"], t["inforNet"]) for t in totals] == [
        ("2026-01-05", "EUR", 10.0, 10.0),
        ("2026-01-05", "GBP", 7.0, 0.0),
        ("2026-01-06", "EUR", 3.0, 3.0),
    ]
