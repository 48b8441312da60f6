"""The built-in credential types sign requests and verify webhook signatures."""

from __future__ import annotations

import httpx

from workflows.credentials import HttpBasicAuth, HttpBearerAuth, HttpHeaderAuth, WebhookHmacSecret


def _request() -> httpx.Request:
    return httpx.Request("GET", "https://api.example.com/items")


def test_it_adds_basic_auth() -> None:
    request = HttpBasicAuth().authenticate(_request(), {"username": "ann", "password": "s3cret"})
    assert request.headers["Authorization"] == "Basic YW5uOnMzY3JldA=="


def test_it_adds_a_bearer_token() -> None:
    request = HttpBearerAuth().authenticate(_request(), {"token": "tok"})
    assert request.headers["Authorization"] == "Bearer tok"


def test_it_adds_a_header_of_the_users_choice() -> None:
    request = HttpHeaderAuth().authenticate(_request(), {"name": "X-Api-Key", "value": "k"})
    assert request.headers["X-Api-Key"] == "k"


def test_it_marks_the_secret_fields() -> None:
    assert HttpBasicAuth.secret_fields == ("password",)
    assert WebhookHmacSecret.to_json()["secretFields"] == ["secret"]


def test_it_verifies_a_fresh_webhook_signature_only() -> None:
    secret, body = "0123456789abcdef-secret", b'{"order": 1}'
    header = WebhookHmacSecret.sign(secret, body, 1_700_000_000)
    assert WebhookHmacSecret.verify(secret, header, body, now=1_700_000_100)
    assert not WebhookHmacSecret.verify(secret, header, body + b" ", now=1_700_000_100)
    assert not WebhookHmacSecret.verify("another-secret-of-16", header, body, now=1_700_000_100)
    assert not WebhookHmacSecret.verify(secret, header, body, now=1_700_001_000)
    assert not WebhookHmacSecret.verify(secret, "garbage", body, now=1_700_000_000)
