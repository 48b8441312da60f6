"""The PrestaShop Trigger started by Ferry itself: signed sandbox webhooks at /hooks/<token> in
webhook mode, the scheduler's cron in poll mode."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backend.connections.services import save_connection
from backend.designer.models import Deployment
from backend.ingress.models import InboundEvent
from backend.runs import schedules
from backend.runs.execution import execute_run
from backend.runs.models import Run, RunMode, RunStatus
from backend.runs.schedules import fire_due_schedules
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.sandbox.server import RunningSandbox, make_sandbox, serve_in_thread
from tests.conftest import WorkflowFactory
from tests.http_to_ferry import ferry_http

pytestmark = pytest.mark.django_db

KEY = "FERRYSANDBOXDEMOKEY0000000000001"
SECRET = "module-signing-secret-0001"
DEPLOYED = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_schedule_cache() -> None:
    # Version ids come back after each test's rollback; the scheduler remembers them by id.
    schedules._schedule_nodes.cache_clear()


@pytest.fixture(scope="module")
def shop() -> Iterator[RunningSandbox]:
    running = serve_in_thread(make_sandbox("generated", "8.1"))
    yield running
    running.stop()


def trigger_document(connection: str, config: dict[str, Any]) -> dict[str, Any]:
    return {
        "schemaVersion": 1,
        "nodes": [
            {
                "id": "shop",
                "type": "prestashop.trigger",
                "typeVersion": 1,
                "name": "Shop events",
                "config": config,
                "position": {"x": 0, "y": 0},
                "connection": connection,
            }
        ],
        "edges": [],
        "settings": {},
    }


def shop_connection(shop: RunningSandbox, secret: str | None = SECRET) -> str:
    fields: dict[str, Any] = {"baseUrl": shop.url, "apiKey": KEY}
    if secret:
        fields["webhookSecret"] = secret
    connection = save_connection(
        None, name="Sandbox shop", credential_type_id="prestashop.shop", fields=fields
    )
    return str(connection.pk)


def test_it_runs_the_trigger_on_a_signed_sandbox_webhook(
    shop: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    config = {"mode": "webhook", "events": ["stock.changed"]}
    workflow = make_workflow(trigger_document(shop_connection(shop), config))
    sender = shop.sandbox.sender
    sender.url, sender.secret = f"http://ferry.test/hooks/{workflow.hook_token}", SECRET

    PrestaShopClient(shop.url, KEY).update("stock_availables", 1, {"quantity": 42})
    with ferry_http() as http:
        acknowledged = sender.flush(http)

    assert acknowledged == 1
    run = Run.objects.get(workflow=workflow)
    assert (run.mode, run.trigger_node_id) == (RunMode.WEBHOOK, "shop")
    event = InboundEvent.objects.get(run=run)
    assert isinstance(run.input, dict)
    assert event.idempotency_key == run.input["id"]
    outcome = execute_run(str(run.pk))
    assert outcome is not None
    assert outcome.status == "succeeded", outcome
    [item] = outcome.output
    assert (item["event"], item["entityId"], item["record"]["quantity"]) == (
        "stock.changed",
        1,
        42,
    )
    sender.url = ""


def test_it_refuses_a_webhook_signed_with_another_secret(
    shop: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    config = {"mode": "webhook", "events": ["stock.changed"]}
    workflow = make_workflow(trigger_document(shop_connection(shop), config))
    sender = shop.sandbox.sender
    sender.url, sender.secret = f"http://ferry.test/hooks/{workflow.hook_token}", "another-one"

    PrestaShopClient(shop.url, KEY).update("stock_availables", 2, {"quantity": 7})
    with ferry_http() as http:
        acknowledged = sender.flush(http)

    assert acknowledged == 0
    assert not Run.objects.filter(workflow=workflow).exists()
    sender.url, sender.outbox[:] = "", []


def test_it_refuses_unsigned_calls_when_the_shop_has_no_signing_secret(
    shop: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    config = {"mode": "webhook"}
    workflow = make_workflow(trigger_document(shop_connection(shop, secret=None), config))

    with ferry_http() as http:
        response = http.post(f"/hooks/{workflow.hook_token}", json={"event": "order.created"})

    assert response.status_code == 401


def test_it_polls_on_the_scheduler_cron_and_not_through_the_hook(
    shop: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    config = {"mode": "poll", "resource": "orders", "cron": "*/5 * * * *", "timezone": "UTC"}
    workflow = make_workflow(trigger_document(shop_connection(shop), config))
    Deployment.objects.filter(workflow=workflow).update(deployed_at=DEPLOYED)

    [fired] = fire_due_schedules(DEPLOYED + timedelta(minutes=4))
    with ferry_http() as http:
        hooked = http.post(f"/hooks/{workflow.hook_token}", json={})

    assert (fired.mode, fired.trigger_node_id, fired.status) == (
        RunMode.SCHEDULE,
        "shop",
        RunStatus.QUEUED,
    )
    assert hooked.status_code == 404
    outcome = execute_run(str(fired.pk))
    assert outcome is not None
    assert outcome.status == "succeeded", outcome


def test_it_fires_a_poll_trigger_on_its_default_cron(
    shop: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(trigger_document(shop_connection(shop), {"mode": "poll"}))
    Deployment.objects.filter(workflow=workflow).update(deployed_at=DEPLOYED)

    assert fire_due_schedules(DEPLOYED + timedelta(minutes=3)) == []
    [fired] = fire_due_schedules(DEPLOYED + timedelta(minutes=4))  # */5 by default

    assert isinstance(fired.input, dict)
    assert fired.input["scheduledAt"] == "2026-03-02T09:05:00+00:00"
