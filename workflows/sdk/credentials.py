"""CredentialType: a kind of connection (an API key, an OAuth client), declared once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx


@dataclass(frozen=True)
class ConnectionTest:
    """What the "test connection" button shows."""

    ok: bool
    message: str
    details: dict[str, Any] = field(default_factory=dict)


class CredentialType:
    """Subclasses declare the fields and how to authenticate a request with them."""

    type_id: ClassVar[str]
    display_name: ClassVar[str]
    fields_schema: ClassVar[dict[str, Any]]
    """JSON Schema of the connection's fields."""
    secret_fields: ClassVar[tuple[str, ...]] = ()
    """Fields encrypted at rest and never returned by the API."""
    docs_url: ClassVar[str] = ""
    webhook_secret_field: ClassVar[str | None] = None
    """The field whose value signs incoming webhooks (``X-Ferry-Signature``), when this type
    can sign them."""

    @classmethod
    def validate_fields(cls, fields: dict[str, Any]) -> dict[str, str]:
        """Problems per field beyond the JSON Schema (empty when usable). The default finds none."""
        return {}

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        """Add the credential to an outgoing request. The default adds nothing."""
        return request

    def test(self, fields: dict[str, Any], http: httpx.Client) -> ConnectionTest:
        """Check the fields against the target and report what it says."""
        return ConnectionTest(True, "Nothing to test for this connection type.")

    def revoke(self, fields: dict[str, Any], http: httpx.Client) -> None:
        """Give up what the fields were granted (tokens); called when a connection's secrets
        change or it is deleted. The default has nothing to revoke."""

    @classmethod
    def to_json(cls) -> dict[str, Any]:
        return {
            "typeId": cls.type_id,
            "displayName": cls.display_name,
            "fieldsSchema": cls.fields_schema,
            "secretFields": list(cls.secret_fields),
            "docsUrl": cls.docs_url,
            "webhookSecretField": cls.webhook_secret_field,
        }
