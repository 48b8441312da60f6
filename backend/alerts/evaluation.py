"""Evaluating alert rules: open an incident when a condition starts, resolve it when it clears.

Each incident sends one alert when it opens and one "resolved" message when it clears. Within a
rule's cool-down after an alert, a new incident is still recorded but sends nothing, so a
flapping condition does not flood the channels.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import httpx
from django.utils import timezone

from backend.alerts.channels import DeliveryError, deliver
from backend.alerts.conditions import Reading, read
from backend.alerts.messages import State, incident_message
from backend.alerts.models import AlertIncident, AlertRule

log = logging.getLogger(__name__)


def evaluate_rules(now: datetime | None = None, http: httpx.Client | None = None) -> None:
    """Evaluate every enabled rule once; a failing rule is logged and the others still run."""
    at = now or timezone.now()
    for rule in AlertRule.objects.filter(enabled=True).select_related("workflow"):
        try:
            evaluate_rule(rule, at, http)
        except Exception:
            log.exception("Evaluating alert rule %s (%s) failed", rule.pk, rule.name)


def evaluate_rule(
    rule: AlertRule, now: datetime, http: httpx.Client | None = None
) -> AlertIncident | None:
    """Apply one reading of ``rule``; returns its open incident afterwards, if any."""
    reading = read(rule, now)
    current = rule.incidents.filter(resolved_at=None).order_by("-opened_at").first()
    if current is not None and reading.breached is not False:
        # Still happening (or not measurable now): keep the incident, with the latest numbers.
        if reading.breached:
            current.last_value, current.summary = reading.value, reading.summary
            current.save(update_fields=["last_value", "summary"])
        return current
    if current is not None:
        current.resolved_at = now
        current.save(update_fields=["resolved_at"])
        if current.notified:
            current.resolved_notified = _notify(current, "resolved", now, http)
            current.save(update_fields=["resolved_notified", "delivery_errors"])
        return None
    if reading.breached:
        return _open(rule, reading, now, http)
    return None


def _open(
    rule: AlertRule, reading: Reading, now: datetime, http: httpx.Client | None
) -> AlertIncident:
    cooling = rule.incidents.filter(
        notified=True, opened_at__gt=now - timedelta(minutes=rule.cooldown_minutes)
    ).exists()
    incident = AlertIncident.objects.create(
        rule=rule, opened_at=now, last_value=reading.value, summary=reading.summary
    )
    if not cooling:
        incident.notified = _notify(incident, "firing", now, http)
        incident.save(update_fields=["notified", "delivery_errors"])
    return incident


def _notify(
    incident: AlertIncident, state: State, now: datetime, http: httpx.Client | None
) -> bool:
    """Send through every enabled channel of the rule; True when at least one accepted it."""
    message = incident_message(incident, state, now)
    accepted = False
    for channel in incident.rule.channels.filter(enabled=True):
        try:
            deliver(channel, message, http)
            accepted = True
        except DeliveryError as exc:
            log.warning("Alert channel %s refused the alert: %s", channel.name, exc)
            incident.delivery_errors.append(
                {"channel": channel.name, "at": now.isoformat(), "error": str(exc)}
            )
    return accepted
