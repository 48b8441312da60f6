"""End-to-end fixtures: both sandboxes over real HTTP, connections to them, installed templates."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from django.test import Client

from backend.connections.services import save_connection
from backend.designer.models import Workflow
from backend.designer.templates import install_template
from backend.insights.tests.sandbox_servers import (
    reseeded_infor,
    reseeded_shop,
    serving_infor,
    serving_shop,
)
from connectors.infor.budget import TokenBucket
from connectors.infor.runtime import use_request_budget
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from tests.e2e.sandboxes import shop_fields

Installer = Callable[..., Workflow]


@pytest.fixture(autouse=True)
def _roomy_infor_budget() -> Iterator[None]:
    """Ferry's own M3 request budget (50 at once) would make batch tests wait out refills."""
    use_request_budget(TokenBucket(per_minute=1_000_000, burst=1_000))
    yield
    use_request_budget(TokenBucket())


@pytest.fixture(scope="session")
def shop_server() -> Iterator[ShopSandbox]:
    with serving_shop() as running:
        yield running


@pytest.fixture(scope="session")
def infor_server() -> Iterator[InforSandbox]:
    with serving_infor() as running:
        yield running


@pytest.fixture
def shop(shop_server: ShopSandbox) -> Iterator[ShopSandbox]:
    with reseeded_shop(shop_server) as reseeded:
        yield reseeded


@pytest.fixture
def infor(infor_server: InforSandbox) -> InforSandbox:
    """The tenant reseeded, with its clock standing still unless a test moves it."""
    return reseeded_infor(infor_server)


@pytest.fixture
def connections(shop: ShopSandbox, infor: InforSandbox) -> dict[str, str]:
    """A shop and an Infor connection, the Infor one from the file the sandbox hands out."""
    ionapi = json.dumps(httpx.get(f"{infor.base_url}/ionapi").json())
    shop_connection = save_connection(
        None, name="Sandbox shop", credential_type_id="prestashop.shop", fields=shop_fields(shop)
    )
    infor_connection = save_connection(
        None, name="Sandbox M3", credential_type_id="infor.ionapi", fields={"ionapi": ionapi}
    )
    return {"shop": str(shop_connection.pk), "infor": str(infor_connection.pk)}


@pytest.fixture
def install(connections: dict[str, str]) -> Installer:
    """Install a template, connected to the sandboxes and deployed."""

    def make(name: str, **settings: Any) -> Workflow:
        return install_template(
            name, connections=connections, settings=settings, deploy=True
        ).workflow

    return make


def post_event(client: Client, workflow: Workflow, payload: dict[str, Any]) -> tuple[int, Any]:
    answer = client.post(
        f"/hooks/{workflow.hook_token}",
        data=json.dumps(payload),
        content_type="application/json",
        headers={"X-Ferry-Event-Id": str(payload.get("id", ""))},
    )
    return answer.status_code, answer.json()
