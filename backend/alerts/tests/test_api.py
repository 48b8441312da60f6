"""``/api/v1/alert-channels/``, ``/api/v1/alert-rules/``, ``/api/v1/alert-incidents/``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.alerts.evaluation import evaluate_rules
from backend.alerts.models import AlertChannel
from backend.alerts.tests.conftest import RecordingHandler, free_port
from backend.connections.models import Connection
from backend.designer.models import Workflow
from backend.monitoring.tests.factories import pending_run

pytestmark = pytest.mark.django_db


def email_channel(api: APIClient, port: int, **config: object) -> dict[str, object]:
    body = {
        "name": "Ops mail",
        "kind": "email",
        "config": {
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "username": "ferry",
            "password": "mail-pass",
            "from": "ferry@shop.example",
            "to": ["ops@shop.example"],
            **config,
        },
    }
    response = api.post("/api/v1/alert-channels/", body, format="json")
    assert response.status_code == 201, response.json()
    created: dict[str, object] = response.json()
    return created


def test_it_keeps_channel_secrets_encrypted_and_out_of_answers(api: APIClient) -> None:
    created = email_channel(api, 2525)

    assert created["config"] == {
        "host": "127.0.0.1",
        "port": 2525,
        "security": "none",
        "username": "ferry",
        "from": "ferry@shop.example",
        "to": ["ops@shop.example"],
    }
    assert created["secretsSet"] == {"password": True}
    stored = AlertChannel.objects.get()
    assert "mail-pass" not in stored.secret_blob
    assert stored.secrets == {"password": "mail-pass"}


def test_it_keeps_omitted_secrets_when_a_channel_changes(api: APIClient) -> None:
    created = email_channel(api, 2525)

    response = api.patch(
        f"/api/v1/alert-channels/{created['id']}", {"config": {"port": 465}}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["config"]["port"] == 465
    assert AlertChannel.objects.get().secrets == {"password": "mail-pass"}


def test_it_names_every_bad_channel_setting(api: APIClient) -> None:
    response = api.post(
        "/api/v1/alert-channels/",
        {"name": "Bad", "kind": "email", "config": {"host": "x", "to": ["not-mail"], "tls": 1}},
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {p["field"]: p["message"] for p in response.json()["problems"]}
    assert fields == {
        "config.from": "This setting is required.",
        "config.to": "'not-mail' is not an email address.",
        "config.tls": "A email channel has no setting 'tls'.",
    }


def test_it_refuses_a_webhook_without_a_signing_secret(api: APIClient) -> None:
    response = api.post(
        "/api/v1/alert-channels/",
        {"name": "Hook", "kind": "webhook", "config": {"url": "ftp://ops.example"}},
        format="json",
    )

    fields = {p["field"] for p in response.json()["problems"]}
    assert fields == {"config.url", "config.secret"}


def test_it_test_sends_through_a_channel(
    api: APIClient, smtp: tuple[RecordingHandler, int]
) -> None:
    handler, port = smtp
    created = email_channel(api, port, username="", password="")

    response = api.post(f"/api/v1/alert-channels/{created['id']}/test")

    assert response.json() == {"ok": True, "message": "The test alert went to Ops mail."}
    assert handler.messages[0]["Subject"] == "[Ferry] Test: Test alert"


def test_it_reports_a_failed_test_send(api: APIClient) -> None:
    created = email_channel(api, free_port())

    body = api.post(f"/api/v1/alert-channels/{created['id']}/test").json()

    assert body["ok"] is False
    assert "The mail server refused the alert" in body["message"]


def test_it_creates_rules_and_shows_their_open_incident(
    api: APIClient, workflow: Workflow, smtp: tuple[RecordingHandler, int]
) -> None:
    handler, port = smtp
    channel = email_channel(api, port, username="", password="")
    response = api.post(
        "/api/v1/alert-rules/",
        {
            "name": "Stuck orders",
            "kind": "stuck_run",
            "workflow": str(workflow.pk),
            "minutes": 30,
            "channels": [channel["id"]],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    run = pending_run(workflow, "running", timezone.now() - timedelta(hours=1))

    evaluate_rules()
    rule = api.get(f"/api/v1/alert-rules/{response.json()['id']}").json()
    run.status = "succeeded"
    run.save()
    evaluate_rules()

    assert rule["openIncident"]["lastValue"] == 1
    incident = api.get(f"/api/v1/alert-incidents/{rule['openIncident']['id']}").json()
    assert incident["resolvedAt"] is not None
    assert incident["ruleName"] == "Stuck orders"
    assert incident["url"] == f"http://127.0.0.1:8000/alerts/{incident['id']}"
    subjects = [message["Subject"] for message in handler.messages]
    assert subjects == ["[Ferry] Alert: Stuck orders", "[Ferry] Resolved: Stuck orders"]
    assert incident["url"] in handler.messages[1].get_payload()
    assert api.get("/api/v1/alert-incidents/?open=true").json()["count"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "failure_rate", "threshold": 100}, "threshold"),
        ({"kind": "failure_rate", "minutes": 0}, "minutes"),
        ({"kind": "silence", "timeZone": "Mars/Olympus"}, "timeZone"),
        ({"kind": "silence", "businessDays": [7]}, "businessDays.0"),
        ({"kind": "silence", "businessStart": "18:00", "businessEnd": "09:00"}, "businessEnd"),
        ({"kind": "sunspots"}, "kind"),
    ],
)
def test_it_rejects_rules_that_cannot_work(
    api: APIClient, body: dict[str, object], field: str
) -> None:
    response = api.post("/api/v1/alert-rules/", {"name": "Rule", **body}, format="json")

    assert response.status_code == 400
    assert [p["field"] for p in response.json()["problems"]] == [field]


def test_it_keeps_connections_to_connection_rules(api: APIClient, workflow: Workflow) -> None:
    shop = Connection.objects.create(name="Shop", credential_type="core.http.bearer")
    wrong = api.post(
        "/api/v1/alert-rules/",
        {"name": "R", "kind": "stuck_run", "connection": str(shop.pk)},
        format="json",
    )
    right = api.post(
        "/api/v1/alert-rules/",
        {"name": "R", "kind": "connection_down", "connection": str(shop.pk)},
        format="json",
    )

    assert wrong.json()["problems"][0]["field"] == "connection"
    assert right.status_code == 201
    assert right.json()["connection"] == str(shop.pk)
    assert right.json()["workflow"] is None


def test_it_filters_incidents_by_rule_and_refuses_a_malformed_rule_id(
    api: APIClient, workflow: Workflow
) -> None:
    made = api.post(
        "/api/v1/alert-rules/",
        {"name": "Stuck", "kind": "stuck_run", "workflow": str(workflow.pk), "minutes": 5},
        format="json",
    ).json()
    pending_run(workflow, "queued", timezone.now() - timedelta(minutes=10))
    evaluate_rules()

    mine = api.get(f"/api/v1/alert-incidents/?rule={made['id']}&open=true").json()
    other = api.get(f"/api/v1/alert-incidents/?rule={'0' * 32}").json()
    malformed = api.get("/api/v1/alert-incidents/?rule=yesterday")

    assert [incident["ruleName"] for incident in mine["results"]] == ["Stuck"]
    assert mine["results"][0]["notified"] is False  # the rule has no channel
    assert other["count"] == 0
    assert malformed.status_code == 400
    assert malformed["Content-Type"] == "application/problem+json"
