"""The built-in credential types: HTTP basic, bearer and header auth, and webhook HMAC secrets."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import httpx

from workflows.sdk.credentials import CredentialType


class HttpBasicAuth(CredentialType):
    """A user name and password sent as HTTP Basic authentication."""

    type_id = "core.http.basic"
    display_name = "HTTP Basic Auth"
    fields_schema = {
        "type": "object",
        "properties": {
            "username": {"type": "string", "title": "User name", "minLength": 1},
            "password": {"type": "string", "title": "Password", "writeOnly": True},
        },
        "required": ["username", "password"],
        "additionalProperties": False,
    }
    secret_fields = ("password",)
    docs_url = "https://datatracker.ietf.org/doc/html/rfc7617"

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        pair = f"{fields.get('username', '')}:{fields.get('password', '')}".encode()
        request.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return request


class HttpBearerAuth(CredentialType):
    """A token sent as ``Authorization: Bearer <token>``."""

    type_id = "core.http.bearer"
    display_name = "HTTP Bearer Token"
    fields_schema = {
        "type": "object",
        "properties": {"token": {"type": "string", "title": "Token", "writeOnly": True}},
        "required": ["token"],
        "additionalProperties": False,
    }
    secret_fields = ("token",)
    docs_url = "https://datatracker.ietf.org/doc/html/rfc6750"

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        request.headers["Authorization"] = f"Bearer {fields.get('token', '')}"
        return request


class HttpHeaderAuth(CredentialType):
    """A secret sent in a header of the user's choosing, such as ``X-Api-Key``."""

    type_id = "core.http.header"
    display_name = "HTTP Header Auth"
    fields_schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "title": "Header name", "minLength": 1},
            "value": {"type": "string", "title": "Header value", "writeOnly": True},
        },
        "required": ["name", "value"],
        "additionalProperties": False,
    }
    secret_fields = ("value",)

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        request.headers[str(fields.get("name", ""))] = str(fields.get("value", ""))
        return request


class WebhookHmacSecret(CredentialType):
    """A shared secret that signs webhook calls.

    Senders put ``X-Ferry-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``
    on each call; ``verify`` checks it and refuses stale timestamps, which stops replays.
    """

    type_id = "core.webhook.hmac"
    display_name = "Webhook HMAC Secret"
    fields_schema = {
        "type": "object",
        "properties": {
            "secret": {
                "type": "string",
                "title": "Signing secret",
                "minLength": 16,
                "writeOnly": True,
            }
        },
        "required": ["secret"],
        "additionalProperties": False,
    }
    secret_fields = ("secret",)
    webhook_secret_field = "secret"

    @staticmethod
    def sign(secret: str, body: bytes, timestamp: int) -> str:
        """The ``X-Ferry-Signature`` header value for ``body`` sent at ``timestamp``."""
        digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        return f"t={timestamp},v1={digest.hexdigest()}"

    @staticmethod
    def verify(secret: str, header: str, body: bytes, now: float, tolerance: float = 300) -> bool:
        """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds."""
        parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
        try:
            timestamp = int(parts.get("t", ""))
        except ValueError:
            return False
        if abs(now - timestamp) > tolerance:
            return False
        expected = WebhookHmacSecret.sign(secret, body, timestamp).split("v1=", 1)[1]
        return hmac.compare_digest(expected, parts.get("v1", ""))
