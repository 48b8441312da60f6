"""Alert rules: one alert per incident, a resolved message when it clears, and cool-downs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from backend.alerts.evaluation import evaluate_rule, evaluate_rules
from backend.alerts.models import AlertChannel, AlertIncident, AlertRule
from backend.alerts.tests.conftest import Receiver
from backend.connections.models import Connection
from backend.designer.models import Workflow
from backend.monitoring.tests.factories import finished_run, pending_run
from workflows.sdk.credentials import ConnectionTest

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)  # a Monday


@pytest.fixture
def hook_channel() -> AlertChannel:
    made = AlertChannel.objects.create(
        name="Ops webhook", kind="webhook", config={"url": "http://ops.example/alerts"}
    )
    made.set_secrets({"secret": "s3cret"})
    made.save()
    return made


def rule(workflow: Workflow | None, channel: AlertChannel, **fields: Any) -> AlertRule:
    made = AlertRule.objects.create(name=fields.pop("name", "Orders failing"), **fields)
    made.workflow = workflow
    made.save()
    made.channels.add(channel)
    return made


def fail_runs(workflow: Workflow, failed: int, succeeded: int, at: datetime = NOW) -> None:
    for _ in range(failed):
        finished_run(workflow, "failed", at - timedelta(minutes=2), 1)
    for _ in range(succeeded):
        finished_run(workflow, "succeeded", at - timedelta(minutes=2), 1)


def test_it_alerts_once_and_sends_resolved_when_it_clears(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(workflow, hook_channel, kind="failure_rate", threshold=20, minutes=15)
    fail_runs(workflow, failed=2, succeeded=3)

    opened = evaluate_rule(watch, NOW, receiver.client)
    again = evaluate_rule(watch, NOW + timedelta(minutes=1), receiver.client)
    cleared = evaluate_rule(watch, NOW + timedelta(minutes=30), receiver.client)

    assert opened is not None
    assert again == opened
    assert cleared is None
    assert [body["state"] for body in receiver.bodies()] == ["firing", "resolved"]
    firing = receiver.bodies()[0]
    assert "40.0% of the runs of workflow 'Orders' failed" in firing["summary"]
    assert firing["url"] == (
        f"http://127.0.0.1:8000/runs?status=failed%2Cdead_lettered&workflow={workflow.pk}"
    )
    incident = AlertIncident.objects.get()
    assert incident.resolved_at == NOW + timedelta(minutes=30)
    assert incident.notified
    assert incident.resolved_notified
    assert incident.last_value == 40.0


def test_it_stays_quiet_below_the_minimum_number_of_runs(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(workflow, hook_channel, kind="failure_rate", threshold=20, min_runs=10)
    fail_runs(workflow, failed=2, succeeded=3)

    assert evaluate_rule(watch, NOW, receiver.client) is None
    assert receiver.requests == []


def test_it_records_but_does_not_send_a_new_incident_in_the_cool_down(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(workflow, hook_channel, kind="dead_letters", threshold=0, minutes=5)
    fail_runs(workflow, failed=1, succeeded=0)
    evaluate_rule(watch, NOW, receiver.client)
    evaluate_rule(watch, NOW + timedelta(minutes=10), receiver.client)  # cleared
    fail_runs(workflow, failed=1, succeeded=0, at=NOW + timedelta(minutes=20))

    flapped = evaluate_rule(watch, NOW + timedelta(minutes=20), receiver.client)
    evaluate_rule(watch, NOW + timedelta(minutes=30), receiver.client)

    assert flapped is not None
    assert not flapped.notified
    assert [body["state"] for body in receiver.bodies()] == ["firing", "resolved"]
    assert AlertIncident.objects.count() == 2


def test_it_counts_dead_letters_of_all_workflows_for_a_global_rule(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(None, hook_channel, kind="dead_letters", threshold=1, minutes=15)
    finished_run(workflow, "dead_lettered", NOW - timedelta(minutes=3), 1)
    finished_run(workflow, "failed", NOW - timedelta(minutes=3), 1)

    incident = evaluate_rule(watch, NOW, receiver.client)

    assert incident is not None
    assert incident.last_value == 2
    assert "2 runs of all workflows failed or were dead-lettered" in incident.summary
    assert receiver.bodies()[0]["url"] == (
        "http://127.0.0.1:8000/runs?status=failed%2Cdead_lettered"
    )


def test_it_alerts_on_a_silent_source_only_in_business_hours(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(
        workflow,
        hook_channel,
        kind="silence",
        minutes=60,
        business_days=[0, 1, 2, 3, 4],
        business_start=time(9, 0),
        business_end=time(18, 0),
        time_zone="Europe/Paris",  # 10:30 UTC is 11:30 in Paris in March
    )
    finished_run(workflow, "succeeded", NOW - timedelta(hours=20), 1)  # last night's order

    # 11:30 in Paris: 150 minutes since business hours began, no event since.
    incident = evaluate_rule(watch, NOW, receiver.client)
    # Saturday: outside business days; the open incident is left as it is.
    saturday = evaluate_rule(watch, NOW + timedelta(days=5), receiver.client)

    assert incident is not None
    assert incident.last_value == pytest.approx(150)
    assert saturday == incident
    assert receiver.bodies()[0]["url"] == f"http://127.0.0.1:8000/alerts/{incident.pk}"


def test_it_counts_silence_from_the_start_of_business_hours(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(
        workflow,
        hook_channel,
        kind="silence",
        minutes=60,
        business_start=time(10, 0),
        business_end=time(18, 0),
    )

    # 10:30 UTC: business hours began 30 minutes ago; a quiet night is no incident.
    assert evaluate_rule(watch, NOW, receiver.client) is None
    finished_run(workflow, "succeeded", NOW, 1)
    assert evaluate_rule(watch, NOW + timedelta(minutes=50), receiver.client) is None
    assert evaluate_rule(watch, NOW + timedelta(minutes=70), receiver.client) is not None


def test_it_alerts_on_runs_left_unfinished(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    watch = rule(workflow, hook_channel, kind="stuck_run", minutes=30)
    pending_run(workflow, "running", NOW - timedelta(minutes=45))
    pending_run(workflow, "queued", NOW - timedelta(minutes=5))

    incident = evaluate_rule(watch, NOW, receiver.client)

    assert incident is not None
    assert incident.last_value == 1
    assert "accepted more than 30 minutes ago" in incident.summary


def test_it_alerts_on_a_connection_failing_its_check(
    hook_channel: AlertChannel, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = Connection.objects.create(name="Shop", credential_type="core.http.bearer")
    watch = rule(None, hook_channel, kind="connection_down")
    monkeypatch.setattr(
        "backend.connections.services.check_connection",
        lambda connection: ConnectionTest(False, "401 Unauthorized"),
    )

    incident = evaluate_rule(watch, NOW, receiver.client)

    assert incident is not None
    assert incident.summary == "Connections failing their health check: Shop (401 Unauthorized)"
    shop.refresh_from_db()
    assert shop.last_ok is False


def test_it_records_channels_that_refuse_and_keeps_evaluating(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    receiver.status = 500
    rule(workflow, hook_channel, kind="stuck_run", minutes=1, name="Stuck")
    pending_run(workflow, "running", NOW - timedelta(minutes=5))

    evaluate_rules(NOW, receiver.client)

    incident = AlertIncident.objects.get()
    assert incident.notified is False
    assert incident.delivery_errors[0]["channel"] == "Ops webhook"
    assert "answered 500" in incident.delivery_errors[0]["error"]


def test_it_skips_disabled_rules(
    workflow: Workflow, hook_channel: AlertChannel, receiver: Receiver
) -> None:
    rule(workflow, hook_channel, kind="stuck_run", minutes=1, enabled=False)
    pending_run(workflow, "running", NOW - timedelta(minutes=5))

    evaluate_rules(NOW, receiver.client)

    assert not AlertIncident.objects.exists()
