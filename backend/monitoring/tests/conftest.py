"""Fixtures of the monitoring tests: a signed-in API client and a deployed workflow."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from backend.designer.models import Workflow
from backend.monitoring.tests.factories import deployed_workflow


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api(django_user_model: type[User]) -> APIClient:
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("ops", password="ops"))
    return client


@pytest.fixture
def workflow(db: None) -> Workflow:
    return deployed_workflow()
