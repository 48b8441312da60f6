"""Cross-reference API: bindings with conflicts, the unresolved queue, rates, status tables."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from backend.bindings.models import Binding, UnresolvedValue
from backend.bindings.services import note_unresolved
from workflows.transforms.status import INFOR_TO_SHOP

pytestmark = pytest.mark.django_db


def bind(api: APIClient, **fields: Any) -> Any:
    body = {"kind": "customer", "shopId": "42", "inforId": "WEB0000042", **fields}
    return api.post("/api/v1/bindings/", body, format="json")


def test_it_creates_lists_and_searches_bindings(api: APIClient) -> None:
    created = bind(api)
    assert created.status_code == 201
    assert created.json()["scope"] == "default"
    assert bind(api).status_code == 200
    bind(api, kind="order", shopId="1001", inforId="0000123456")
    everything = api.get("/api/v1/bindings/").json()
    assert everything["count"] == 2
    found = api.get("/api/v1/bindings/?search=12345").json()["results"]
    assert [b["kind"] for b in found] == ["order"]
    assert api.get("/api/v1/bindings/?kind=customer").json()["count"] == 1
    exact = api.get("/api/v1/bindings/?inforId=0000123456").json()["results"]
    assert [b["shopId"] for b in exact] == ["1001"]
    assert api.get("/api/v1/bindings/?shopId=100").json()["count"] == 0


def test_it_answers_a_conflict_with_a_problem_naming_the_existing_pair(api: APIClient) -> None:
    bind(api)
    response = bind(api, inforId="WEB0000099")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Binding conflict"
    assert (body["existing"]["shopId"], body["existing"]["inforId"]) == ("42", "WEB0000042")


def test_it_refuses_an_unknown_kind(api: APIClient) -> None:
    response = bind(api, kind="planet")
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "kind"


def test_it_deletes_a_binding(api: APIClient) -> None:
    binding_id = bind(api).json()["id"]
    assert api.delete(f"/api/v1/bindings/{binding_id}/").status_code == 204
    assert not Binding.objects.exists()


def test_it_lists_and_resolves_the_unresolved_queue(api: APIClient) -> None:
    note_unresolved("product", "default", "7:31", run_id="run-1", context={"reference": "x"})
    queue = api.get("/api/v1/bindings/unresolved/").json()
    assert queue["count"] == 1
    entry = queue["results"][0]
    assert (entry["value"], entry["runIds"]) == ("7:31", ["run-1"])
    resolved = api.post(
        f"/api/v1/bindings/unresolved/{entry['id']}/resolve", {"otherId": "SHIRT"}, format="json"
    )
    assert resolved.status_code == 200
    assert (resolved.json()["shopId"], resolved.json()["inforId"]) == ("7:31", "SHIRT")
    assert api.get("/api/v1/bindings/unresolved/").json()["count"] == 0
    assert api.get("/api/v1/bindings/unresolved/?state=resolved").json()["count"] == 1
    again = api.post(
        f"/api/v1/bindings/unresolved/{entry['id']}/resolve", {"otherId": "SHIRT"}, format="json"
    )
    assert again.status_code == 409


def test_it_refuses_a_resolution_that_conflicts(api: APIClient) -> None:
    bind(api, kind="product", shopId="1", inforId="SHIRT")
    entry = note_unresolved("product", "default", "2")
    response = api.post(
        f"/api/v1/bindings/unresolved/{entry.id}/resolve", {"otherId": "SHIRT"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["existing"]["shopId"] == "1"
    assert UnresolvedValue.objects.get().resolved_at is None


def test_it_refuses_an_unknown_queue_state(api: APIClient) -> None:
    response = api.get("/api/v1/bindings/unresolved/?state=later")
    assert response.status_code == 400


def test_it_stores_and_replaces_rates(api: APIClient) -> None:
    rate = {"base": "eur", "quote": "usd", "rate": "1.0832", "date": "2026-11-26", "source": "ECB"}
    assert api.post("/api/v1/rates/", rate, format="json").status_code == 201
    response = api.post("/api/v1/rates/", {**rate, "rate": "1.09"}, format="json")
    assert response.json()["rate"] == "1.09"
    listed = api.get("/api/v1/rates/?base=EUR").json()
    assert listed["count"] == 1
    assert listed["results"][0]["quote"] == "USD"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"rate": "0"}, "rate"), ({"quote": "EUR"}, "quote"), ({"base": "EURO"}, "base")],
)
def test_it_refuses_bad_rates(api: APIClient, change: dict[str, str], field: str) -> None:
    rate = {"base": "EUR", "quote": "USD", "rate": "1.1", "date": "2026-11-26", **change}
    response = api.post("/api/v1/rates/", rate, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == field


def test_it_ships_the_default_status_tables(api: APIClient) -> None:
    names = [table["name"] for table in api.get("/api/v1/status-tables/").json()]
    assert names == ["infor-to-shop", "shop-to-infor"]
    body = api.get("/api/v1/status-tables/infor-to-shop/").json()
    assert body["table"] == INFOR_TO_SHOP


def test_it_keeps_editable_status_tables(api: APIClient) -> None:
    body = {"name": "my-shop", "table": INFOR_TO_SHOP}
    assert api.post("/api/v1/status-tables/", body, format="json").status_code == 201
    changed = {"rules": INFOR_TO_SHOP["rules"][:1], "ranks": {}}
    response = api.patch("/api/v1/status-tables/my-shop/", {"table": changed}, format="json")
    assert response.status_code == 200
    assert len(api.get("/api/v1/status-tables/my-shop/").json()["table"]["rules"]) == 1
    assert api.delete("/api/v1/status-tables/my-shop/").status_code == 204


def test_it_refuses_a_status_table_that_breaks_the_schema(api: APIClient) -> None:
    body = {"name": "broken", "table": {"rules": [{"target": "4"}]}}
    response = api.post("/api/v1/status-tables/", body, format="json")
    assert response.status_code == 400
    assert "when" in response.json()["detail"]


def test_it_requires_a_signed_in_user() -> None:
    assert APIClient().get("/api/v1/bindings/").status_code == 403


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/bindings/", {"kind": "order", "shopId": "x" * 201, "inforId": "1"}),
        ("/api/v1/bindings/", {"kind": "order", "shopId": "", "inforId": "1"}),
        ("/api/v1/bindings/", ["not", "an", "object"]),
        ("/api/v1/rates/", {"base": "EUR", "quote": "USD", "rate": "1", "date": "26/11/2026"}),
        ("/api/v1/status-tables/", {"name": "has space", "table": {"rules": []}}),
        ("/api/v1/status-tables/", {"name": "t", "table": "rules"}),
    ],
)
def test_it_answers_bad_input_with_a_problem_not_a_crash(
    api: APIClient, path: str, body: Any
) -> None:
    response = api.post(path, body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_it_answers_an_unknown_id_with_a_problem(api: APIClient) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    assert api.get(f"/api/v1/bindings/{missing}/").status_code == 404
    response = api.post(f"/api/v1/bindings/unresolved/{missing}/resolve", {"otherId": "1"})
    assert response.status_code == 404
