"""The "PrestaShop shop" connection: base URL, Webservice key, shop id, webhook signing secret.

"Test connection" reads ``GET /api/`` with the key, which tells the shop's version and every
permission the key has, and names the permissions the Ferry nodes need that are missing.
"""

from __future__ import annotations

from typing import Any

import httpx

from connectors.prestashop.client import PrestaShopClient, version_major
from connectors.prestashop.errors import PrestaShopError
from workflows.sdk.credentials import ConnectionTest, CredentialType

NEEDED: dict[str, tuple[str, ...]] = {
    "orders": ("GET", "PUT"),
    "order_details": ("GET",),
    "order_histories": ("GET", "POST"),
    "order_states": ("GET",),
    "order_carriers": ("GET", "PUT"),
    "order_payments": ("GET", "POST"),
    "customers": ("GET", "POST", "PUT"),
    "addresses": ("GET", "POST", "PUT"),
    "products": ("GET", "POST", "PUT"),
    "combinations": ("GET", "POST", "PUT"),
    "stock_availables": ("GET", "PUT"),
}
"""What the PrestaShop nodes use; PATCH is asked for too on 8+, where the nodes prefer it."""


def client_for(fields: dict[str, Any], http: httpx.Client | None = None) -> PrestaShopClient:
    """A client for a connection's fields (``baseUrl``, ``apiKey``, optional ``shopId``)."""
    return PrestaShopClient(
        str(fields.get("baseUrl", "")),
        str(fields.get("apiKey", "")),
        shop_id=fields.get("shopId") or None,
        http=http,
    )


def missing_permissions(granted: dict[str, set[str]], version: str) -> dict[str, list[str]]:
    """``{resource: [methods]}`` the nodes need and the key lacks."""
    missing: dict[str, list[str]] = {}
    for resource, methods in NEEDED.items():
        wanted = list(methods)
        if version_major(version) >= 8 and "PUT" in methods:
            wanted.append("PATCH")
        lacking = [m for m in wanted if m not in granted.get(resource, set())]
        if lacking:
            missing[resource] = lacking
    return missing


class PrestaShopShop(CredentialType):
    """A PrestaShop shop's Webservice key (Advanced Parameters > Webservice)."""

    type_id = "prestashop.shop"
    display_name = "PrestaShop shop"
    fields_schema = {
        "type": "object",
        "properties": {
            "baseUrl": {
                "type": "string",
                "title": "Shop URL",
                "description": "The shop's home address, e.g. https://shop.example.com "
                "(without /api).",
                "minLength": 1,
            },
            "apiKey": {
                "type": "string",
                "title": "Webservice key",
                "description": "The 32-character key from Advanced Parameters > Webservice.",
                "writeOnly": True,
            },
            "shopId": {
                "type": ["integer", "null"],
                "title": "Shop id",
                "description": "For multistore: the shop the nodes work on; empty for the "
                "default shop.",
                "minimum": 1,
                "default": None,
            },
            "webhookSecret": {
                "type": "string",
                "title": "Webhook signing secret",
                "description": "The secret set in the Ferry module's configuration page; "
                "signed events from the shop are checked with it.",
                "writeOnly": True,
                "default": "",
            },
        },
        "required": ["baseUrl", "apiKey"],
        "additionalProperties": False,
    }
    secret_fields = ("apiKey", "webhookSecret")
    webhook_secret_field = "webhookSecret"
    docs_url = "https://devdocs.prestashop-project.org/8/webservice/tutorials/creating-access/"

    def authenticate(self, request: httpx.Request, fields: dict[str, Any]) -> httpx.Request:
        """HTTP Basic with the key as user name and an empty password, as the shop expects."""
        auth = httpx.BasicAuth(str(fields.get("apiKey", "")), "")
        return next(auth.auth_flow(request))

    def test(self, fields: dict[str, Any], http: httpx.Client) -> ConnectionTest:
        key = str(fields.get("apiKey", "")).strip()
        if len(key) != 32:
            return ConnectionTest(
                False,
                f"The Webservice key has {len(key)} characters instead of 32: copy it again from "
                "Advanced Parameters > Webservice in the shop's back office.",
            )
        try:
            info = client_for(fields, http).shop_info()
        except PrestaShopError as exc:
            return ConnectionTest(False, exc.message, {"code": exc.node_code})
        missing = missing_permissions(info.permissions, info.version)
        details = {
            "shopName": info.name,
            "version": info.version,
            "missingPermissions": missing,
        }
        shop = f"{info.name or 'the shop'} (PrestaShop {info.version})"
        if missing:
            listed = "; ".join(f"{r}: {', '.join(m)}" for r, m in missing.items())
            return ConnectionTest(
                False,
                f"Connected to {shop}, but the key lacks permissions the PrestaShop nodes need: "
                f"tick {listed} for this key in Advanced Parameters > Webservice.",
                details,
            )
        return ConnectionTest(True, f"Connected to {shop}; the key has every permission.", details)


CREDENTIALS = [PrestaShopShop]
