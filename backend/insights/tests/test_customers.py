"""GET /api/v1/customers/<email or shop id>: the shop's and M3's records side by side, live."""

from __future__ import annotations

import httpx
import pytest
from rest_framework.test import APIClient

from backend.bindings.services import bind
from backend.connections.models import Connection
from backend.insights.tests.sandboxes import M3_CUSTOMER, m3_order, shop_order
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox

pytestmark = pytest.mark.django_db


def test_it_shows_both_records_their_differences_and_orders(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    order = shop_order(shop, customer=7)
    number = m3_order(infor, order["reference"], "SKU-00001", 1.0)
    bind("customer", "default", "7", M3_CUSTOMER)
    email = shop.sandbox.shop.table("customers")[7]["email"]

    body = api.get(f"/api/v1/customers/{email}").json()

    assert body["shop"]["id"] == "7"
    assert body["infor"]["id"] == M3_CUSTOMER
    fields = {row["field"]: row for row in body["fields"]}
    assert fields["email"]["shop"] == email
    assert fields["email"]["differs"] is (fields["email"]["infor"].lower() != email.lower())
    assert fields["name"]["differs"] is True
    assert order["reference"] in [o["reference"] for o in body["shop"]["orders"]]
    assert [o["orderNumber"] for o in body["infor"]["orders"]] == [number]
    assert body["infor"]["orders"][0]["reference"] == order["reference"]


def test_it_finds_the_customer_by_shop_id_without_an_infor_record(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    body = api.get("/api/v1/customers/9").json()

    assert body["shop"]["id"] == "9"
    assert body["infor"] is None
    assert all(row["infor"] == "" for row in body["fields"])


def test_it_answers_404_for_a_customer_nobody_knows(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    answer = api.get("/api/v1/customers/nobody@example.invalid")

    assert answer.status_code == 404


def test_it_says_which_system_is_down(
    api: APIClient, shop: ShopSandbox, infor: InforSandbox, connected: tuple[Connection, Connection]
) -> None:
    httpx.post(f"{shop.url}/admin/webservice", json={"enabled": False})
    try:
        answer = api.get("/api/v1/customers/9")
    finally:
        httpx.post(f"{shop.url}/admin/webservice", json={"enabled": True})

    assert answer.status_code == 502
    assert answer.json()["system"] == "The shop"
