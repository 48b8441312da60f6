"""Triggers pass their payload on; the webhook keys events; the schedule computes fire times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workflows.nodes.schedule import ScheduleTrigger, next_fire_time
from workflows.nodes.triggers import ManualTrigger, WebhookTrigger, idempotency_key
from workflows.testing import execute_node


@pytest.mark.parametrize("trigger", [WebhookTrigger, ManualTrigger, ScheduleTrigger])
def test_it_passes_the_payload_on_as_one_item(trigger: type[WebhookTrigger]) -> None:
    assert execute_node(trigger, {}, [{"order": 1}]) == {"main": [{"order": 1}]}


def test_it_computes_the_webhook_idempotency_key_from_the_payload() -> None:
    config = {"idempotencyKey": "order.id & ':' & order.date_upd"}
    payload = {"order": {"id": 12, "date_upd": "2026-01-01"}}
    assert idempotency_key(config, payload) == "12:2026-01-01"
    assert idempotency_key({"idempotencyKey": "order.id"}, payload) == "12"


def test_it_has_no_idempotency_key_when_the_expression_is_empty_or_undefined() -> None:
    assert idempotency_key({"idempotencyKey": ""}, {"a": 1}) is None
    assert idempotency_key({"idempotencyKey": "missing"}, {"a": 1}) is None


def test_it_fires_next_at_the_cron_time_in_the_time_zone() -> None:
    config = {"cron": "0 9 * * *", "timezone": "Europe/Paris"}
    winter = next_fire_time(config, datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    assert winter == datetime(2026, 1, 11, 8, 0, tzinfo=UTC)
    summer = next_fire_time(config, datetime(2026, 7, 10, 6, 0, tzinfo=UTC))
    assert summer == datetime(2026, 7, 10, 7, 0, tzinfo=UTC)


def test_it_fires_strictly_after_the_given_time() -> None:
    config = {"cron": "*/15 * * * *", "timezone": "UTC"}
    after = datetime(2026, 3, 1, 10, 15)
    assert next_fire_time(config, after) == datetime(2026, 3, 1, 10, 30, tzinfo=UTC)


def test_it_refuses_a_bad_cron_or_time_zone() -> None:
    issues = ScheduleTrigger.validate_config({"cron": "every day", "timezone": "Mars/Base"})
    assert [issue.field for issue in issues] == ["cron", "timezone"]
    with pytest.raises(ValueError, match="cron"):
        next_fire_time({"cron": "61 * * * *"}, datetime.now(UTC))
