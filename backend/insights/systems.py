"""The live clients behind the cross-system pages: the shop and M3, from stored connections."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from backend.api.problems import ProblemError
from backend.connections.models import Connection
from connectors.infor import runtime
from connectors.infor.envelope import M3Error
from connectors.infor.gateway import GatewayError
from connectors.infor.ionapi import IonApiFileError
from connectors.infor.m3 import M3Client
from connectors.infor.oauth import OAuthError
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.credentials import client_for
from connectors.prestashop.errors import PrestaShopError

SHOP_TYPE = "prestashop.shop"
INFOR_TYPE = "infor.ionapi"
TIMEOUT = 15.0
SYSTEM_NAMES = {SHOP_TYPE: "shop", INFOR_TYPE: "Infor"}


@dataclass
class Systems:
    """Both clients, sharing one HTTP client that the caller closes."""

    shop: PrestaShopClient
    m3: M3Client
    shop_connection: Connection
    infor_connection: Connection
    http: httpx.Client

    def close(self) -> None:
        self.http.close()


def pick_connection(kind: str, connection_id: str | None) -> Connection:
    """The named connection of ``kind``, else the first one there is (by name)."""
    rows = Connection.objects.filter(credential_type=kind)
    field = "shop" if kind == SHOP_TYPE else "infor"
    if connection_id:
        found = rows.filter(pk=connection_id).first() if _is_uuid(connection_id) else None
        if found is None:
            raise _bad_request(field, f"No {SYSTEM_NAMES[kind]} connection has id {connection_id}.")
        return found
    first = rows.order_by("name").first()
    if first is None:
        raise _bad_request(field, f"There is no {SYSTEM_NAMES[kind]} connection yet; add one.")
    return first


def open_systems(shop_id: str | None = None, infor_id: str | None = None) -> Systems:
    shop = pick_connection(SHOP_TYPE, shop_id)
    infor = pick_connection(INFOR_TYPE, infor_id)
    http = httpx.Client(timeout=TIMEOUT)
    fields = infor.decrypted_fields()
    with system_errors("Infor"):
        gateway = runtime.gateway_for(fields, http)
    m3 = M3Client(
        gateway, company=fields.get("company") or None, division=fields.get("division") or None
    )
    return Systems(client_for(shop.decrypted_fields(), http), m3, shop, infor, http)


@contextmanager
def system_errors(system: str) -> Iterator[None]:
    """A system that is down or refuses becomes a 502 problem naming it, never a 500."""
    try:
        yield
    except (PrestaShopError, GatewayError, OAuthError, M3Error, IonApiFileError) as exc:
        raise ProblemError(
            502,
            f"{system} did not answer",
            f"{system}: {exc}",
            "urn:ferry:problem:system-unavailable",
            system=system,
        ) from exc
    except httpx.HTTPError as exc:
        raise ProblemError(
            502,
            f"{system} did not answer",
            f"{system} could not be reached: {exc}",
            "urn:ferry:problem:system-unavailable",
            system=system,
        ) from exc


def _bad_request(field: str, detail: str) -> ProblemError:
    return ProblemError(
        400,
        "Invalid request",
        detail,
        "urn:ferry:problem:invalid-request",
        problems=[{"nodeId": None, "field": field, "message": detail, "code": "invalid"}],
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
