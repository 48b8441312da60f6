"""Listing the shipped templates and installing one through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from backend.connections.services import save_connection
from backend.designer.models import Workflow

pytestmark = pytest.mark.django_db

IONAPI = (
    '{"ti": "T", "ci": "T~c", "cs": "s", "iu": "http://127.0.0.1:9", '
    '"pu": "http://127.0.0.1:9/T/as/", "ot": "token.oauth2", "oa": "authorization.oauth2", '
    '"or": "revoke_token.oauth2", "saak": "T#a", "sask": "b"}'
)


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_user("ada"))
    return client


@pytest.fixture
def connections() -> dict[str, str]:
    shop = save_connection(
        None,
        name="Shop",
        credential_type_id="prestashop.shop",
        fields={"baseUrl": "http://127.0.0.1:9", "apiKey": "K" * 32},
    )
    infor = save_connection(
        None, name="M3", credential_type_id="infor.ionapi", fields={"ionapi": IONAPI}
    )
    return {"shop": str(shop.pk), "infor": str(infor.pk)}


def test_it_lists_templates_with_their_connections_and_settings(api: APIClient) -> None:
    answer = api.get("/api/v1/templates/")
    assert answer.status_code == 200
    o2c = next(t for t in answer.json() if t["name"] == "order_to_cash")
    assert {slot["name"] for slot in o2c["connections"]} == {"shop", "infor", "signing"}
    assert "customerTemplate" in {setting["name"] for setting in o2c["settings"]}


def test_it_installs_and_deploys_a_template(api: APIClient, connections: dict[str, str]) -> None:
    body: dict[str, Any] = {
        "connections": connections,
        "settings": {"warehouse": "002"},
        "deploy": True,
    }
    answer = api.post("/api/v1/templates/order_to_cash/install", body, format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["activeVersion"] == 1
    workflow = Workflow.objects.get(pk=answer.json()["id"])
    document = workflow.versions.get(number=1).document
    nodes = {node["id"]: node for node in document["nodes"]}
    assert nodes["salesOrder"]["connection"] == connections["infor"]
    assert {"name": "settings.warehouse", "value": '"002"'} in nodes["settings"]["config"]["fields"]


def test_it_refuses_a_connection_of_the_wrong_type(
    api: APIClient, connections: dict[str, str]
) -> None:
    body = {"connections": {"shop": connections["infor"], "infor": connections["infor"]}}
    answer = api.post("/api/v1/templates/order_to_cash/install", body, format="json")
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["problems"][0]["field"] == "connections.shop"
    assert not Workflow.objects.exists()


def test_it_answers_404_for_an_unknown_template(api: APIClient) -> None:
    answer = api.post("/api/v1/templates/nothing_here/install", {}, format="json")
    assert answer.status_code == 404
