"""Fixtures of the cross-system page tests: a signed-in client and the demo workflow deployed."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer import services
from backend.designer.demo import ORDER_MAPPING_DOCUMENT
from backend.designer.models import Workflow


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
