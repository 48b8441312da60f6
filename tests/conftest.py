"""Shared fixtures for the cross-cutting tests: users, deployed workflows, the dispatcher."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from backend.designer.models import Deployment, Workflow, WorkflowVersion
from backend.designer.tests.documents import hook_document

# Scaled tests need PostgreSQL, Redis and real Celery workers; without them they are not
# collected at all (rather than shown as skipped).
SCALED_ENV = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
collect_ignore_glob = [] if SCALED_ENV else ["test_scaled*.py"]

WorkflowFactory = Callable[..., Workflow]


def http_document(url: str = "'http://shop.test/stock'") -> dict[str, Any]:
    """A webhook trigger feeding one GET request (retried on 503 by the node's policy)."""
    document = hook_document()
    document["nodes"][1] = {
        "id": "fetch",
        "type": "core.http.request",
        "typeVersion": 1,
        "name": "Fetch stock",
        "config": {"method": "GET", "url": url},
        "position": {"x": 200, "y": 0},
        "retry": {"initialInterval": 30, "jitter": 0},
    }
    document["edges"][0]["target"] = "fetch"
    return document


def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll ``condition`` until it holds (for work done by other threads or processes)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def user(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user("demo", password="demo")


@pytest.fixture
def make_workflow() -> WorkflowFactory:
    """Create a workflow whose ``document`` is saved as version 1 and, by default, deployed."""

    def make(
        document: dict[str, Any] | None = None, *, deploy: bool = True, name: str = "Orders"
    ) -> Workflow:
        workflow = Workflow.objects.create(name=name)
        version = WorkflowVersion.objects.create(
            workflow=workflow, number=1, document=document or hook_document()
        )
        if deploy:
            workflow.active_version = version
            workflow.save()
            Deployment.objects.create(workflow=workflow, version=version)
        return workflow

    return make


@pytest.fixture
def embedded(settings: Any) -> Iterator[Any]:
    """The embedded dispatcher, started for one test and stopped after it."""
    from backend.runs.embedded import dispatcher

    settings.SCALED = False
    dispatcher.start(workers=2)
    yield dispatcher
    dispatcher.stop()


@pytest.fixture(autouse=True)
def _embedded_unless_scaled(request: pytest.FixtureRequest, settings: Any) -> None:
    """Tests drive the dispatcher themselves; only ``scaled`` tests ring real Celery workers."""
    if request.node.get_closest_marker("scaled") is None:
        settings.SCALED = False


@pytest.fixture(autouse=True)
def _fresh_hook_cache() -> Iterator[None]:
    from backend.ingress.hooks import forget

    forget()
    yield
    forget()
