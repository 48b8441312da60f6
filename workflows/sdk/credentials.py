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

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        """Add the credential to an outgoing request. The default adds nothing."""
        return request

    def test(self, fields: dict[str, Any], http: httpx.Client) -> ConnectionTest:
        """Check the fields against the target and report what it says."""
        return ConnectionTest(True, "Nothing to test for this connection type.")

    @classmethod
    def to_json(cls) -> dict[str, Any]:
        return {
            "typeId": cls.type_id,
            "displayName": cls.display_name,
            "fieldsSchema": cls.fields_schema,
            "secretFields": list(cls.secret_fields),
            "docsUrl": cls.docs_url,
        }
