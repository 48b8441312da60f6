"""Signed webhooks: a trigger with an HMAC connection accepts only fresh, correctly signed calls."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from backend.connections.models import Connection
from backend.ingress.signature import sign
from backend.runs.models import Run
from tests.conftest import WorkflowFactory, hook_document

pytestmark = pytest.mark.django_db

SECRET = "whsec-test-1"
BODY = json.dumps({"reference": "R1", "lines": []}).encode()


@pytest.fixture
def signed_token(make_workflow: WorkflowFactory) -> str:
    connection = Connection(name="Shop signing", credential_type="core.webhook.hmac")
    connection.set_secrets({"secret": SECRET})
    connection.save()
    return make_workflow(hook_document(connection=str(connection.pk))).hook_token


def post(client: Client, token: str, signature: str | None) -> Any:
    headers = {"X-Ferry-Signature": signature} if signature else {}
    return client.post(f"/hooks/{token}", BODY, content_type="application/json", headers=headers)


def test_it_accepts_a_call_signed_with_the_secret(client: Client, signed_token: str) -> None:
    response = post(client, signed_token, sign(SECRET, BODY))

    assert response.status_code == 202


def test_it_accepts_a_signature_among_several_during_rotation(
    client: Client, signed_token: str
) -> None:
    t = int(time.time())
    old = sign("whsec-old", BODY, t).split(",")[1]
    header = f"{sign(SECRET, BODY, t)},{old}"

    assert post(client, signed_token, header).status_code == 202


def test_it_refuses_a_wrong_signature_with_401(client: Client, signed_token: str) -> None:
    response = post(client, signed_token, sign("not-the-secret", BODY))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "does not match" in response.json()["detail"]
    assert Run.objects.count() == 0


def test_it_refuses_a_stale_timestamp_with_401(
    client: Client, signed_token: str, settings: Any
) -> None:
    settings.FERRY_WEBHOOK_TOLERANCE_SECONDS = 300
    stale = sign(SECRET, BODY, int(time.time()) - 301)

    response = post(client, signed_token, stale)

    assert response.status_code == 401
    assert "300 seconds" in response.json()["detail"]


def test_it_refuses_an_unsigned_call_with_401(client: Client, signed_token: str) -> None:
    assert post(client, signed_token, None).status_code == 401


def test_it_refuses_a_malformed_signature_header_with_401(
    client: Client, signed_token: str
) -> None:
    response = post(client, signed_token, "sha256=abc")

    assert response.status_code == 401
    assert "t=<unix>,v1=<hex>" in response.json()["detail"]


def test_it_refuses_every_call_when_the_signing_connection_is_gone(
    client: Client, make_workflow: WorkflowFactory
) -> None:
    document = hook_document(connection="6b1f4f5e-0000-4000-8000-000000000000")
    token = make_workflow(document).hook_token

    assert post(client, token, sign(SECRET, BODY)).status_code == 401
