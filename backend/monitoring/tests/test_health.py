"""Liveness, readiness (database, broker when scaled, recent workers) and worker heartbeats."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backend.monitoring.heartbeats import beat
from backend.monitoring.housekeeping import housekeeping
from backend.monitoring.models import WorkerHeartbeat


def test_it_answers_liveness_without_the_database(client: Client) -> None:
    # No django_db mark: touching the database here would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_other_methods_with_a_problem(client: Client) -> None:
    response = client.post("/readyz")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_it_is_ready_with_the_database_and_a_recent_worker(client: Client, settings: Any) -> None:
    settings.SCALED = False  # embedded: no broker to check, whatever CI's environment says
    beat("embedded@test", "embedded")

    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["workers"] == {"ok": True, "detail": "embedded@test"}
    assert set(body["checks"]) == {"database", "workers"}


@pytest.mark.django_db
def test_it_is_not_ready_when_no_worker_was_seen_lately(client: Client) -> None:
    WorkerHeartbeat.objects.create(
        name="celery@gone", kind="celery", seen_at=timezone.now() - timedelta(minutes=10)
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["notReady"] == ["workers"]
    assert "No worker was seen in the last 120 seconds" in body["detail"]


class BrokenConnection:
    def cursor(self) -> Any:
        raise OSError("connection refused")


@pytest.mark.django_db
def test_it_names_an_unreachable_database(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("backend.monitoring.readiness.connection", BrokenConnection())

    body = client.get("/readyz").json()

    assert body["status"] == 503
    assert body["notReady"] == ["database"]
    assert "connection refused" in body["checks"]["database"]["detail"]


@pytest.mark.django_db
def test_it_checks_the_broker_when_scaled(client: Client, settings: Any) -> None:
    settings.SCALED = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    beat("celery@w1", "celery")

    body = client.get("/readyz").json()

    assert body["notReady"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["workers"]["ok"] is True


@pytest.mark.django_db
def test_it_beats_forgets_departed_workers_and_waits_for_the_interval(settings: Any) -> None:
    settings.FERRY_HOUSEKEEPING_SECONDS = 3600

    WorkerHeartbeat.objects.create(
        name="celery@replaced", kind="celery", seen_at=timezone.now() - timedelta(days=8)
    )

    assert housekeeping("embedded@a", "embedded", force=True) is True
    assert housekeeping("embedded@a", "embedded") is False
    assert [w.name for w in WorkerHeartbeat.objects.all()] == ["embedded@a"]


@pytest.mark.django_db(transaction=True)
def test_it_records_a_heartbeat_from_the_embedded_dispatcher(settings: Any) -> None:
    from backend.monitoring import housekeeping as module
    from backend.runs.embedded import EmbeddedDispatcher

    module._last_run = 0.0
    dispatcher = EmbeddedDispatcher()
    dispatcher.start(workers=1)
    try:
        deadline = time.monotonic() + 10
        while not WorkerHeartbeat.objects.filter(kind="embedded").exists():
            assert time.monotonic() < deadline, "no heartbeat within 10 seconds"
            time.sleep(0.02)
    finally:
        dispatcher.stop()


@pytest.mark.django_db
def test_it_records_a_heartbeat_from_the_celery_housekeeping_task() -> None:
    from backend.monitoring.tasks import housekeeping_task

    housekeeping_task.apply()

    assert WorkerHeartbeat.objects.get().kind == "celery"
