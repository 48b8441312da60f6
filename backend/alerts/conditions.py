"""What each kind of alert rule measures, read from stored runs, events and connections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Q, Sum

from backend.alerts.models import AlertRule, RuleKind
from backend.connections.models import Connection
from backend.monitoring.connection_health import check_and_record
from backend.monitoring.models import MinuteRollup
from backend.monitoring.statuses import FAILURES, IN_PROGRESS, SUCCEEDED
from backend.runs.models import Run, RunMode

EVENT_MODES = [RunMode.WEBHOOK, RunMode.POLL]
"""Runs started by an event from a source (as opposed to people or schedules)."""


@dataclass(frozen=True)
class Reading:
    breached: bool | None
    """None when the rule does not apply now (outside business hours)."""
    value: float
    summary: str


def read(rule: AlertRule, now: datetime) -> Reading:
    readers = {
        RuleKind.FAILURE_RATE: _failure_rate,
        RuleKind.DEAD_LETTERS: _dead_letters,
        RuleKind.SILENCE: _silence,
        RuleKind.STUCK_RUN: _stuck_runs,
        RuleKind.CONNECTION_DOWN: _connections_down,
    }
    return readers[RuleKind(rule.kind)](rule, now)


def _scope(rule: AlertRule) -> str:
    return f"workflow {rule.workflow.name!r}" if rule.workflow else "all workflows"


def _finished(rule: AlertRule, now: datetime) -> dict[str, int]:
    since = (now - timedelta(minutes=rule.minutes)).replace(second=0, microsecond=0)
    rows = MinuteRollup.objects.filter(start__gte=since, start__lte=now)
    if rule.workflow_id:
        rows = rows.filter(workflow_id=rule.workflow_id)
    totals = rows.values("status").annotate(n=Sum("runs")).order_by()
    return {row["status"]: row["n"] for row in totals}


def _failure_rate(rule: AlertRule, now: datetime) -> Reading:
    counts = _finished(rule, now)
    failed = sum(counts.get(status, 0) for status in FAILURES)
    total = failed + counts.get(SUCCEEDED, 0)
    rate = 100.0 * failed / total if total else 0.0
    summary = (
        f"{rate:.1f}% of the runs of {_scope(rule)} failed in the last {rule.minutes} minutes "
        f"({failed} of {total}; the limit is {rule.threshold:g}%)."
    )
    return Reading(total >= max(1, rule.min_runs) and rate > rule.threshold, rate, summary)


def _dead_letters(rule: AlertRule, now: datetime) -> Reading:
    counts = _finished(rule, now)
    failed = sum(counts.get(status, 0) for status in FAILURES)
    summary = (
        f"{failed} runs of {_scope(rule)} failed or were dead-lettered in the last "
        f"{rule.minutes} minutes "
        f"(the limit is {rule.threshold:g})."
    )
    return Reading(failed > rule.threshold, float(failed), summary)


def _silence(rule: AlertRule, now: datetime) -> Reading:
    opened = business_period_start(rule, now)
    if opened is None:
        return Reading(None, 0.0, "Outside business hours.")
    runs = Run.objects.filter(mode__in=EVENT_MODES)
    if rule.workflow_id:
        runs = runs.filter(workflow_id=rule.workflow_id)
    last = runs.aggregate(last=Max("created_at"))["last"]
    # Silence counts from the start of business hours: a quiet night is not an incident.
    since = max(last, opened) if last else opened
    quiet_minutes = (now - since).total_seconds() / 60
    heard = f"the last one came at {last:%Y-%m-%d %H:%M} UTC" if last else "none ever came"
    summary = f"No event reached {_scope(rule)} for {quiet_minutes:.0f} minutes; {heard}."
    return Reading(quiet_minutes > rule.minutes, quiet_minutes, summary)


def business_period_start(rule: AlertRule, now: datetime) -> datetime | None:
    """When today's business hours began, if ``now`` is inside them; else None."""
    local = now.astimezone(ZoneInfo(rule.time_zone))
    if local.weekday() not in rule.business_days:
        return None
    start, end = rule.business_start, rule.business_end
    opened = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if start is not None:
        opened = local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    if local < opened or (end is not None and local.time() >= end):
        return None
    return opened


def _stuck_runs(rule: AlertRule, now: datetime) -> Reading:
    older = now - timedelta(minutes=rule.minutes)
    stuck = Run.objects.filter(
        status__in=IN_PROGRESS,
        created_at__lt=older,
    ).exclude(mode=RunMode.TEST)
    if rule.workflow_id:
        stuck = stuck.filter(workflow_id=rule.workflow_id)
    count = stuck.count()
    summary = (
        f"{count} runs of {_scope(rule)} were accepted more than {rule.minutes} minutes ago "
        "and have not finished."
    )
    return Reading(count > rule.threshold, float(count), summary)


def _connections_down(rule: AlertRule, now: datetime) -> Reading:
    watched = Connection.objects.filter(paused=False)
    if rule.connection_id:
        watched = Connection.objects.filter(pk=rule.connection_id)
    stale = now - timedelta(minutes=settings.FERRY_CONNECTION_CHECK_MINUTES)
    for connection in watched.filter(Q(last_checked_at=None) | Q(last_checked_at__lt=stale)):
        check_and_record(connection)
    failing = list(watched.filter(last_ok=False).order_by("name"))
    if not failing:
        return Reading(False, 0.0, "Every watched connection passed its last health check.")
    names = ", ".join(f"{c.name} ({c.last_error or 'failed'})" for c in failing)
    return Reading(True, float(len(failing)), f"Connections failing their health check: {names}")
