"""Connections: fields checked against the credential type, secrets never leave the server."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from rest_framework.test import APIClient

from backend.connections.models import Connection
from workflows.credentials import HttpBasicAuth
from workflows.sdk.credentials import ConnectionTest

pytestmark = pytest.mark.django_db

SECRET = "s3cret-horse-battery"


def create(api: APIClient, **overrides: Any) -> Any:
    body = {
        "name": "Shop",
        "credentialType": "core.http.basic",
        "fields": {"username": "robot", "password": SECRET},
        **overrides,
    }
    return api.post("/api/v1/connections/", body, format="json")


def assert_no_secret(response: Any) -> None:
    assert SECRET not in response.content.decode()


def test_it_stores_secrets_encrypted_and_only_says_they_are_set(api: APIClient) -> None:
    response = create(api)

    body = response.json()
    assert response.status_code == 201
    assert body["fields"] == {"username": "robot"}
    assert body["secretsSet"] == {"password": True}
    assert_no_secret(response)
    stored = Connection.objects.get(pk=body["id"])
    assert SECRET not in stored.secret_blob
    assert SECRET not in json.dumps(stored.fields)
    assert stored.secrets == {"password": SECRET}


def test_it_never_returns_secrets_from_any_read(api: APIClient) -> None:
    connection_id = create(api).json()["id"]

    for response in [
        api.get("/api/v1/connections/"),
        api.get(f"/api/v1/connections/{connection_id}/"),
        api.patch(f"/api/v1/connections/{connection_id}/", {"name": "Shop 2"}, format="json"),
    ]:
        assert response.status_code == 200
        assert_no_secret(response)


def test_it_refuses_an_unknown_credential_type(api: APIClient) -> None:
    response = create(api, credentialType="core.carrier.pigeon")

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "credentialType"


def test_it_names_each_field_the_credential_type_requires(api: APIClient) -> None:
    response = create(api, fields={})

    fields = {p["field"] for p in response.json()["problems"]}
    assert response.status_code == 400
    assert fields == {"fields.username", "fields.password"}


def test_it_does_not_echo_an_invalid_secret(api: APIClient) -> None:
    response = create(api, fields={"username": "robot", "password": 12345678987})

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "fields.password"
    assert "12345678987" not in response.content.decode()


def test_it_keeps_an_omitted_secret_on_update(api: APIClient) -> None:
    connection_id = create(api).json()["id"]

    response = api.patch(
        f"/api/v1/connections/{connection_id}/", {"fields": {"username": "bot2"}}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["fields"] == {"username": "bot2"}
    assert Connection.objects.get(pk=connection_id).secrets == {"password": SECRET}


def test_it_replaces_a_secret_that_is_sent(api: APIClient) -> None:
    connection_id = create(api).json()["id"]

    api.patch(
        f"/api/v1/connections/{connection_id}/", {"fields": {"password": "new"}}, format="json"
    )

    assert Connection.objects.get(pk=connection_id).secrets == {"password": "new"}


def test_it_refuses_to_change_the_credential_type(api: APIClient) -> None:
    connection_id = create(api).json()["id"]

    response = api.patch(
        f"/api/v1/connections/{connection_id}/",
        {"credentialType": "core.http.bearer"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "credentialType"


def test_it_refuses_a_duplicate_name(api: APIClient) -> None:
    create(api)

    response = create(api)

    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "name"


def test_it_deletes_a_connection(api: APIClient) -> None:
    connection_id = create(api).json()["id"]

    assert api.delete(f"/api/v1/connections/{connection_id}/").status_code == 204
    assert api.get(f"/api/v1/connections/{connection_id}/").status_code == 404


def test_it_tests_a_connection_with_its_decrypted_fields(
    api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []

    def check(self: HttpBasicAuth, fields: dict[str, Any], http: httpx.Client) -> ConnectionTest:
        seen.append(fields)
        return ConnectionTest(True, "Signed in.", {"user": fields["username"]})

    monkeypatch.setattr(HttpBasicAuth, "test", check)
    connection_id = create(api).json()["id"]

    response = api.post(f"/api/v1/connections/{connection_id}/test")

    assert response.json() == {"ok": True, "message": "Signed in.", "details": {"user": "robot"}}
    assert seen == [{"username": "robot", "password": SECRET}]


@pytest.mark.parametrize("error", [httpx.ConnectError("refused"), KeyError("boom")])
def test_it_reports_a_failing_connection_test_as_not_ok(
    api: APIClient, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def check(self: HttpBasicAuth, fields: dict[str, Any], http: httpx.Client) -> ConnectionTest:
        raise error

    monkeypatch.setattr(HttpBasicAuth, "test", check)
    connection_id = create(api).json()["id"]

    response = api.post(f"/api/v1/connections/{connection_id}/test")

    assert response.status_code == 200
    assert response.json()["ok"] is False
    assert response.json()["message"]
    assert_no_secret(response)
