"""``/metrics``: Prometheus text read from the database, open only to configured addresses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from backend.connections.models import Connection
from backend.designer.models import Workflow
from backend.monitoring.heartbeats import beat
from backend.monitoring.tests.factories import (
    FAILING_EXPRESSION,
    deployed_workflow,
    execute,
    park,
    pending_run,
)

pytestmark = pytest.mark.django_db


def scrape(client: Client, address: str = "127.0.0.1") -> dict[tuple[str, tuple[Any, ...]], float]:
    response = client.get("/metrics", REMOTE_ADDR=address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[tuple[str, tuple[Any, ...]], float], name: str, **labels: str) -> float:
    wanted = set(labels.items())
    found = [v for (n, ls), v in samples.items() if n == name and wanted <= set(ls)]
    assert len(found) == 1, f"{name} {labels}: {found}"
    return found[0]


def test_it_refuses_addresses_not_listed(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "FERRY_METRICS_ALLOWED_IPS" in response.json()["detail"]


def test_it_accepts_networks_given_in_cidr_form(client: Client, settings: Any) -> None:
    settings.FERRY_METRICS_ALLOWED_IPS = ["10.0.0.0/8", "not an address"]

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_it_reports_finished_runs_durations_and_steps(client: Client, workflow: Workflow) -> None:
    broken = deployed_workflow("Broken", expression=FAILING_EXPRESSION)
    execute(workflow)
    execute(workflow)
    failed = execute(broken)

    samples = scrape(client)

    finished = "ferry_runs_finished_total"
    assert value(samples, finished, workflow=str(workflow.pk), status="succeeded") == 2
    assert value(samples, finished, workflow_name="Broken", status=failed.status) == 1
    assert value(samples, "ferry_run_duration_seconds_count", workflow_name="Orders") == 2
    assert value(samples, "ferry_run_duration_seconds_bucket", workflow_name="Orders", le="+Inf")
    steps = "ferry_steps_total"
    assert value(samples, steps, node_type="core.jsonata.map", status="succeeded") == 2
    assert value(samples, steps, node_type="core.jsonata.map", status="failed") == 1


def test_it_reports_the_backlog_and_retry_waits(client: Client, workflow: Workflow) -> None:
    ten_minutes_ago = timezone.now() - timedelta(minutes=10)
    pending_run(workflow, "queued", ten_minutes_ago)
    pending_run(workflow, "retry_wait", timezone.now())
    pending_run(workflow, "succeeded", timezone.now())
    park(pending_run(workflow, "failed", timezone.now()))

    samples = scrape(client)

    assert value(samples, "ferry_queue_backlog") == 2
    assert value(samples, "ferry_runs_retry_waiting") == 1
    assert value(samples, "ferry_runs_in_progress", status="queued") == 1
    assert value(samples, "ferry_dead_letters", workflow=str(workflow.pk)) == 1
    assert 590 < value(samples, "ferry_queue_oldest_seconds") < 700


def test_it_reports_calls_per_connection_and_their_health(client: Client) -> None:
    connection = Connection.objects.create(
        name="Shop signing key", credential_type="core.webhook.hmac", last_ok=False
    )
    workflow = deployed_workflow("Signed orders", connection=str(connection.pk))
    execute(workflow)

    samples = scrape(client)

    calls = "ferry_connection_calls_total"
    assert value(samples, calls, connection_name="Shop signing key", status="succeeded") == 1
    assert value(samples, "ferry_connection_errors_total", connection=str(connection.pk)) == 0
    assert value(samples, "ferry_connection_up", connection=str(connection.pk)) == 0
    assert value(samples, "ferry_connection_paused", connection=str(connection.pk)) == 0


def test_it_reports_when_workers_were_last_seen(client: Client) -> None:
    beat("celery@w1", "celery")

    samples = scrape(client, "::1")

    assert value(samples, "ferry_worker_last_seen_seconds", worker="celery@w1") < 60
