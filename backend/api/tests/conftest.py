"""Fixtures of the API tests: users, signed-in clients, a valid workflow document."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer.demo import ORDER_MAPPING_DOCUMENT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # The production hasher is slow on purpose; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db: None) -> User:
    return get_user_model().objects.create_user("ada", password="lovelace-1815")


@pytest.fixture
def other_user(db: None) -> User:
    return get_user_model().objects.create_user("grace", password="hopper-1906")


@pytest.fixture
def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def document() -> dict[str, Any]:
    """A valid document: webhook trigger, JSONata map, set fields."""
    return copy.deepcopy(ORDER_MAPPING_DOCUMENT)
