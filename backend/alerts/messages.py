"""The alert message every channel renders: what happened, how bad, and where to look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode

from django.conf import settings

from backend.alerts.models import AlertIncident, RuleKind
from backend.monitoring.statuses import FAILURES

State = Literal["firing", "resolved", "test"]


@dataclass(frozen=True)
class AlertMessage:
    state: State
    rule: str
    summary: str
    url: str
    """The page that explains the alert."""
    at: datetime
    incident_id: str | None = None
    workflow_id: str | None = None
    value: float | None = None

    @property
    def title(self) -> str:
        label = {"firing": "Alert", "resolved": "Resolved", "test": "Test"}[self.state]
        return f"[Ferry] {label}: {self.rule}"

    @property
    def text(self) -> str:
        return f"{self.summary}\n\nDetails: {self.url}"

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "title": self.title,
            "rule": self.rule,
            "summary": self.summary,
            "url": self.url,
            "at": self.at.isoformat().replace("+00:00", "Z"),
            "incidentId": self.incident_id,
            "workflowId": self.workflow_id,
            "value": self.value,
        }


def incident_url(incident: AlertIncident) -> str:
    return f"{settings.FERRY_PUBLIC_URL}/alerts/{incident.pk}"


def explaining_url(incident: AlertIncident) -> str:
    """Failed-run alerts open the failed runs they count; other alerts open the incident."""
    rule = incident.rule
    if rule.kind in (RuleKind.FAILURE_RATE, RuleKind.DEAD_LETTERS):
        query = {"status": ",".join(FAILURES)}
        if rule.workflow_id:
            query["workflow"] = str(rule.workflow_id)
        return f"{settings.FERRY_PUBLIC_URL}/runs?{urlencode(query)}"
    return incident_url(incident)


def incident_message(incident: AlertIncident, state: State, at: datetime) -> AlertMessage:
    summary = incident.summary
    if state == "resolved":
        summary = f"Cleared: {incident.summary}"
    return AlertMessage(
        state=state,
        rule=incident.rule.name,
        summary=summary,
        url=explaining_url(incident),
        at=at,
        incident_id=str(incident.pk),
        workflow_id=str(incident.rule.workflow_id) if incident.rule.workflow_id else None,
        value=incident.last_value,
    )


def test_message(at: datetime) -> AlertMessage:
    return AlertMessage(
        state="test",
        rule="Test alert",
        summary="This is a test from Ferry: this channel receives alerts.",
        url=f"{settings.FERRY_PUBLIC_URL}/alerts",
        at=at,
    )
