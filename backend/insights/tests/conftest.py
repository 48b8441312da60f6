"""Fixtures of the cross-system page tests: a signed-in client, a deployed workflow, sandboxes."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.connections.models import Connection
from backend.designer import services
from backend.designer.demo import ORDER_MAPPING_DOCUMENT
from backend.designer.models import Workflow
from backend.insights.tests.sandbox_servers import (
    reseeded_infor,
    reseeded_shop,
    serving_infor,
    serving_shop,
)
from backend.insights.tests.sandboxes import connect
from connectors.infor.budget import TokenBucket
from connectors.infor.runtime import use_request_budget
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db: None) -> User:
    return get_user_model().objects.create_user("ada", password="lovelace-1815")


@pytest.fixture
def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def mapping_workflow(user: User) -> Workflow:
    """The demo order mapping (webhook, JSONata map, set), deployed."""
    workflow = services.create_workflow(
        "Orders", document=copy.deepcopy(ORDER_MAPPING_DOCUMENT), user=user
    )
    services.deploy(workflow.versions.get(), user)
    workflow.refresh_from_db()
    return workflow


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
def infor(infor_server: InforSandbox) -> Iterator[InforSandbox]:
    """The tenant reseeded with its clock standing still; Ferry's M3 budget roomy."""
    use_request_budget(TokenBucket(per_minute=1_000_000, burst=1_000))
    yield reseeded_infor(infor_server)
    use_request_budget(TokenBucket())


@pytest.fixture
def connected(shop: ShopSandbox, infor: InforSandbox) -> tuple[Connection, Connection]:
    return connect(shop, infor)
