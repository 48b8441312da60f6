"""The client against the sandbox over real HTTP: the same rules a real shop applies."""

from __future__ import annotations

import httpx
import pytest

from connectors.prestashop import errors
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.query import between, greater_than, one_of
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY, READONLY_KEY
from connectors.prestashop.sandbox.server import RunningSandbox


def client_of(sandbox: RunningSandbox, key: str = DEMO_KEY) -> PrestaShopClient:
    return PrestaShopClient(sandbox.url, key, http=httpx.Client(timeout=5))


def test_it_reads_the_shop_version_and_permissions(shop_sandbox: RunningSandbox) -> None:
    info = client_of(shop_sandbox, READONLY_KEY).shop_info()
    assert info.version == "8.1.7"
    assert info.permissions["orders"] == {"GET", "HEAD"}
    assert "customers" not in info.permissions


def test_it_streams_every_order_in_a_stable_order(shop_sandbox: RunningSandbox) -> None:
    client = client_of(shop_sandbox)
    rows = list(
        client.iterate("orders", display=["id", "date_upd"], sort="[date_upd_ASC]", page_size=150)
    )
    assert len(rows) == 1000
    assert len({r["id"] for r in rows}) == 1000
    assert [r["date_upd"] for r in rows] == sorted(r["date_upd"] for r in rows)


def test_it_filters_with_the_query_helpers(shop_sandbox: RunningSandbox) -> None:
    client = client_of(shop_sandbox)
    rows = client.list("orders", display=["id"], filters={"id": between(10, 12)})
    assert [r["id"] for r in rows] == [10, 11, 12]
    rows = client.list("orders", display=["id"], filters={"id": one_of([5, 1])}, sort=["id_DESC"])
    assert [r["id"] for r in rows] == [5, 1]
    rows = client.list("customers", display=["id"], filters={"id": greater_than(498)})
    assert [r["id"] for r in rows] == [499, 500]


def test_it_gets_a_whole_order_with_its_zero_fields(shop_sandbox: RunningSandbox) -> None:
    order = client_of(shop_sandbox).get("orders", 1)
    assert order["gift"] == 0
    assert order["associations"]["order_rows"][0]["product_quantity"] >= 1


def test_it_reports_a_missing_record(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(errors.NotFoundError):
        client_of(shop_sandbox).get("orders", 99999)


def test_it_changes_an_order_state_by_posting_a_history(fresh_shop: RunningSandbox) -> None:
    client = client_of(fresh_shop)
    client.create("order_histories", {"id_order": 4, "id_order_state": 4})
    assert client.get("orders", 4)["current_state"] == 4


def test_it_patches_stock_on_8_and_puts_it_on_1_7(
    fresh_shop: RunningSandbox, legacy_sandbox: RunningSandbox
) -> None:
    for sandbox in (fresh_shop, legacy_sandbox):
        client = client_of(sandbox)
        row = client.find_one(
            "stock_availables", {"id_product": "[1]", "id_product_attribute": "[0]"}
        )
        assert row is not None
        updated = client.update("stock_availables", row["id"], {"quantity": 42})
        assert updated["quantity"] == 42
        assert client.get("stock_availables", row["id"])["quantity"] == 42
    assert client.version == "1.7.8.11"
    assert not client.supports_patch


def test_it_names_the_field_a_write_is_missing(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(errors.ValidationError) as caught:
        client_of(shop_sandbox).create("addresses", {"alias": "Home", "lastname": "Doe"})
    assert caught.value.field == "id_country"
    assert caught.value.code == 41


def test_it_classifies_a_bad_filter_by_its_code(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(errors.QueryError) as caught:
        client_of(shop_sandbox).list("orders", filters={"colour": "[red]"})
    assert caught.value.status == 500
    assert caught.value.code == 32


def test_it_rejects_a_wrong_key_and_a_missing_permission(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(errors.AuthenticationError, match="copy the 32-character key"):
        client_of(shop_sandbox, "X" * 32).list("orders")
    with pytest.raises(errors.PermissionDeniedError, match="tick the missing resource"):
        client_of(shop_sandbox, READONLY_KEY).list("customers")


def test_it_falls_back_to_ws_key_when_the_host_strips_the_header(
    fresh_shop: RunningSandbox,
) -> None:
    httpx.post(f"{fresh_shop.url}/admin/faults", json={"stripAuthorization": True})
    client = client_of(fresh_shop)
    assert client.get("orders", 2)["id"] == 2
    assert client.use_query_key


def test_it_surfaces_rate_limits_outages_and_timeouts(fresh_shop: RunningSandbox) -> None:
    admin = f"{fresh_shop.url}/admin/faults"
    client = client_of(fresh_shop)
    httpx.post(admin, json={"resource": "orders", "retryAfter": 12, "count": 1})
    with pytest.raises(errors.RateLimitedError) as limited:
        client.list("orders")
    assert limited.value.retry_after == 12.0
    httpx.post(admin, json={"resource": "orders", "errorRate": 1, "errorStatus": 503, "count": 1})
    with pytest.raises(errors.TransientError):
        client.list("orders")
    httpx.post(admin, json={"resource": "orders", "timeout": 0.5, "count": 1})
    slow = PrestaShopClient(fresh_shop.url, DEMO_KEY, http=httpx.Client(timeout=0.1))
    with pytest.raises(errors.ShopTimeoutError):
        slow.list("orders")


def test_it_says_when_the_url_is_not_a_shop(shop_sandbox: RunningSandbox) -> None:
    with pytest.raises(errors.NotAPrestaShopError):
        PrestaShopClient(f"{shop_sandbox.url}/blog", DEMO_KEY).shop_info()


def test_it_says_when_the_webservice_is_switched_off(fresh_shop: RunningSandbox) -> None:
    httpx.post(f"{fresh_shop.url}/admin/webservice", json={"enabled": False})
    with pytest.raises(errors.WebserviceDisabledError, match="enable it in Advanced Parameters"):
        client_of(fresh_shop).list("orders")


def test_it_reads_in_its_shop_and_names_the_fix_for_an_unknown_one(
    shop_sandbox: RunningSandbox,
) -> None:
    in_shop = PrestaShopClient(shop_sandbox.url, DEMO_KEY, shop_id=1)
    elsewhere = PrestaShopClient(shop_sandbox.url, DEMO_KEY, shop_id=7)

    assert in_shop.get("orders", 1)["id"] == 1
    with pytest.raises(errors.ValidationError) as raised:
        elsewhere.get("orders", 1)

    assert raised.value.field == "shopId"
    assert "Shop id" in str(raised.value)
    assert raised.value.errors[0].code == 999
