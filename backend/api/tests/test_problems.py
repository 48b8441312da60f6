"""Every error under /api/ is a problem body, never an HTML page or a traceback."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from backend.api import catalog_views
from backend.api.problems import api_not_found, api_server_error, field_problems

pytestmark = pytest.mark.django_db


def test_it_answers_an_unknown_api_url_with_a_problem(api: APIClient) -> None:
    response = api.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not Found"


def test_it_answers_an_unknown_object_with_a_problem(api: APIClient) -> None:
    response = api.get(f"/api/v1/workflows/{uuid.uuid4()}/")

    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_it_answers_a_malformed_id_with_404_not_500(api: APIClient) -> None:
    assert api.get("/api/v1/workflows/not-a-uuid/").status_code == 404
    assert api.get("/api/v1/runs/not-a-uuid/").status_code == 404


def test_it_answers_a_wrong_method_with_a_problem(api: APIClient) -> None:
    response = api.put("/api/v1/node-types/", {}, format="json")

    assert response.status_code == 405
    assert response.json()["title"] == "Method Not Allowed"


def test_it_answers_malformed_json_with_a_problem(api: APIClient) -> None:
    response = api.post("/api/v1/workflows/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_it_hides_an_unexpected_exception_behind_a_500_problem(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(catalog_views, "default_registry", broken)

    response = api.get("/api/v1/node-types/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "secret internals" not in response.content.decode()


def test_it_names_every_invalid_field(api: APIClient) -> None:
    response = api.post("/api/v1/workflows/", {"name": "", "document": [1]}, format="json")

    body = response.json()
    assert response.status_code == 400
    assert {p["field"] for p in body["problems"]} == {"name", "document"}
    assert body["detail"].startswith(("name: ", "document: "))


def test_it_gives_django_level_404_and_500_as_problems_under_api_only() -> None:
    factory = RequestFactory()

    not_found = api_not_found(factory.get("/api/elsewhere"), Exception())
    crashed = api_server_error(factory.get("/api/v1/workflows/"))
    page = api_not_found(factory.get("/some/page"), Exception())

    assert not_found.status_code == 404
    assert json.loads(not_found.content)["title"] == "Not Found"
    assert crashed.status_code == 500
    assert crashed["Content-Type"] == "application/problem+json"
    assert page.status_code == 404
    assert "problem" not in page["Content-Type"]


def test_it_flattens_nested_field_errors_to_dotted_paths() -> None:
    details = {
        "fields": {"port": [{"message": "Not a number.", "code": "invalid"}]},
        "non_field_errors": [{"message": "Bad pair.", "code": "invalid"}],
    }

    assert field_problems(details) == [
        {"nodeId": None, "field": "fields.port", "message": "Not a number.", "code": "invalid"},
        {"nodeId": None, "field": "", "message": "Bad pair.", "code": "invalid"},
    ]


def test_it_answers_an_unknown_url_outside_v1_with_a_problem(anonymous: APIClient) -> None:
    response = anonymous.get("/api/v0/workflows/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
