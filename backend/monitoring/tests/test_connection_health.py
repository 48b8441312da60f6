"""Connection health: recorded checks, calls through the connection, pause and resume."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.connections.models import Connection
from backend.durability import limits
from backend.durability.limits import ConnectionGate
from backend.durability.models import ConnectionLimit
from backend.monitoring.connection_health import pause_changed
from backend.monitoring.tests.factories import FAILING_EXPRESSION, deployed_workflow, execute
from workflows.sdk.credentials import ConnectionTest

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection() -> Connection:
    return Connection.objects.create(name="Shop signing key", credential_type="core.webhook.hmac")


def test_it_shows_a_never_checked_connection(api: APIClient, connection: Connection) -> None:
    body = api.get(f"/api/v1/connections/{connection.pk}/health").json()

    assert body["connectionId"] == str(connection.pk)
    assert body["paused"] is False
    assert body["lastOk"] is None
    assert body["lastCheckedAt"] is None
    assert body["calls"] == {
        "total": 0,
        "failed": 0,
        "meanMs": None,
        "lastSucceededAt": None,
        "lastFailedAt": None,
    }


def test_it_records_a_check_and_keeps_the_last_success(
    api: APIClient, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = iter([ConnectionTest(True, "fine"), ConnectionTest(False, "401 from the shop")])
    monkeypatch.setattr(
        "backend.connections.services.check_connection", lambda connection: next(results)
    )

    first = api.post(f"/api/v1/connections/{connection.pk}/check").json()
    second = api.post(f"/api/v1/connections/{connection.pk}/check").json()

    assert first["lastOk"] is True
    assert second["lastOk"] is False
    assert second["lastError"] == "401 from the shop"
    assert second["lastSuccessAt"] == first["lastCheckedAt"]
    assert second["lastCheckedAt"] >= first["lastCheckedAt"]


def test_it_counts_calls_made_through_the_connection(
    api: APIClient, connection: Connection
) -> None:
    workflow = deployed_workflow(connection=str(connection.pk))
    broken = deployed_workflow(
        "Broken", connection=str(connection.pk), expression=FAILING_EXPRESSION
    )
    execute(workflow)
    execute(broken)

    calls = api.get(f"/api/v1/connections/{connection.pk}/health").json()["calls"]

    # Only the trigger node carries the connection; it succeeds in both runs.
    assert calls["total"] == 2
    assert calls["failed"] == 0
    assert calls["lastSucceededAt"] is not None


def test_it_pauses_and_resumes_a_connection(api: APIClient, connection: Connection) -> None:
    heard: list[bool] = []

    def listener(sender: object, connection: Connection, paused: bool, **kwargs: object) -> None:
        heard.append(paused)

    pause_changed.connect(listener)
    try:
        paused = api.post(f"/api/v1/connections/{connection.pk}/pause")
        listed = api.get("/api/v1/connections/health").json()
        resumed = api.post(f"/api/v1/connections/{connection.pk}/resume")
    finally:
        pause_changed.disconnect(listener)

    assert paused.status_code == 200
    assert paused.json()["paused"] is True
    assert [(c["name"], c["paused"]) for c in listed] == [("Shop signing key", True)]
    assert resumed.json()["paused"] is False
    connection.refresh_from_db()
    assert connection.paused is False
    assert heard == [True, False]


def test_it_pauses_even_when_a_receiver_fails(api: APIClient, connection: Connection) -> None:
    def broken(sender: object, **kwargs: object) -> None:
        raise RuntimeError("cannot wake runs")

    pause_changed.connect(broken)
    try:
        response = api.post(f"/api/v1/connections/{connection.pk}/pause")
    finally:
        pause_changed.disconnect(broken)

    assert response.status_code == 200
    connection.refresh_from_db()
    assert connection.paused is True


def test_it_answers_unknown_connections_with_a_problem(api: APIClient) -> None:
    response = api.post(f"/api/v1/connections/{'0' * 32}/pause")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_it_shows_the_rate_limit_budget_in_use(
    api: APIClient, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bucket refills with the clock; a stopped clock makes the estimate exact on any machine.
    monkeypatch.setattr(limits.time, "time", lambda: 1_800_000_000.0)
    ConnectionLimit.objects.create(connection=connection, max_in_flight=3, calls_per_second=5)
    gate = ConnectionGate()
    assert gate.enter(str(connection.pk)) is None
    assert gate.enter(str(connection.pk)) is None

    busy = api.get(f"/api/v1/connections/{connection.pk}/health").json()["budget"]
    gate.leave(str(connection.pk))
    gate.leave(str(connection.pk))
    calm = api.get("/api/v1/connections/health").json()[0]["budget"]

    assert busy["maxInFlight"] == 3
    assert busy["callsPerSecond"] == 5
    assert busy["inFlight"] == 2
    assert busy["callsLastSecond"] == 2
    assert calm["inFlight"] == 0


def test_it_has_no_budget_without_a_limit(api: APIClient, connection: Connection) -> None:
    ConnectionLimit.objects.create(connection=connection)

    assert api.get(f"/api/v1/connections/{connection.pk}/health").json()["budget"] is None
