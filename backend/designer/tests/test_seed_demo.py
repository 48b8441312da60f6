"""seed_demo: a demo user, a deployed demo workflow with a real run; safe to repeat."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from backend.designer.demo import ORDER_MAPPING_NAME
from backend.designer.models import Workflow
from backend.runs.models import Run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_creates_the_demo_user_workflow_and_a_finished_run() -> None:
    printed = seed()

    user = authenticate(username="demo", password="demo")
    assert user is not None
    assert user.is_superuser
    assert user.is_staff
    workflow = Workflow.objects.get(name=ORDER_MAPPING_NAME)
    assert workflow.active_version is not None
    run = Run.objects.get(workflow=workflow)
    assert run.status == "succeeded"
    assert run.business_key == "XKBKNABJK"
    steps = {step.node_id: step for step in run.steps.all()}
    assert set(steps) == {"hook", "map", "mark"}
    outputs = steps["mark"].outputs
    assert outputs is not None
    head = outputs["main"][0]["json"]
    assert head["YREF"] == "Web order XKBKNABJK"
    assert head["lineCount"] == 2
    assert "Created user 'demo'" in printed
    assert ORDER_MAPPING_NAME in printed


def test_it_changes_nothing_when_run_again() -> None:
    seed()

    printed = seed()

    workflow = Workflow.objects.get(name=ORDER_MAPPING_NAME)
    assert workflow.versions.count() == 1
    assert Run.objects.filter(workflow=workflow).count() == 1
    assert "already has a finished run" in printed
