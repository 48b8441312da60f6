"""Alert rules, the channels alerts go to, and the incidents rules open and resolve."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from backend.connections import vault


class ChannelKind(models.TextChoices):
    EMAIL = "email"
    WEBHOOK = "webhook"
    SLACK = "slack"
    TEAMS = "teams"


class AlertChannel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    config = models.JSONField(default=dict)
    """Non-secret settings (SMTP host, recipients); secrets live in ``secret_blob``."""
    secret_blob = models.TextField(blank=True)
    """Encrypted JSON of the secret settings (SMTP password, signing secret, webhook URLs)."""
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def secrets(self) -> dict[str, Any]:
        return vault.decrypt(self.secret_blob) if self.secret_blob else {}

    def set_secrets(self, values: dict[str, Any]) -> None:
        self.secret_blob = vault.encrypt(values) if values else ""

    def settings(self) -> dict[str, Any]:
        """Every setting with secrets in clear, for one delivery only."""
        return {**self.config, **self.secrets}


class RuleKind(models.TextChoices):
    FAILURE_RATE = "failure_rate"
    """Failed runs above ``threshold`` percent of the runs finished in the last ``minutes``."""
    DEAD_LETTERS = "dead_letters"
    """More than ``threshold`` runs failed or were dead-lettered in the last ``minutes``."""
    SILENCE = "silence"
    """No webhook or polled event for ``minutes`` during business hours."""
    STUCK_RUN = "stuck_run"
    """More than ``threshold`` runs older than ``minutes`` and not finished."""
    CONNECTION_DOWN = "connection_down"
    """A connection's last health check failed."""


def weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class AlertRule(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=RuleKind.choices)
    workflow = models.ForeignKey(
        "designer.Workflow", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    """The workflow watched; None watches all workflows."""
    connection = models.ForeignKey(
        "connections.Connection",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    """For connection rules: the connection watched; None watches every connection."""
    threshold = models.FloatField(default=0)
    minutes = models.PositiveIntegerField(default=15)
    min_runs = models.PositiveIntegerField(default=1)
    """Failure rate rules stay quiet until at least this many runs finished in the window."""
    business_days = models.JSONField(default=weekdays)
    """Silence rules: days of the week they apply (0 is Monday)."""
    business_start = models.TimeField(null=True, blank=True)
    business_end = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    cooldown_minutes = models.PositiveIntegerField(default=60)
    """After an alert, a new incident of this rule within this time is recorded but not sent."""
    enabled = models.BooleanField(default=True)
    channels = models.ManyToManyField(AlertChannel, blank=True, related_name="rules")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AlertIncident(models.Model):
    """One stretch of time during which a rule's condition held."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="incidents")
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    last_value = models.FloatField(default=0)
    summary = models.TextField(blank=True)
    notified = models.BooleanField(default=False)
    """Whether the opening alert was sent (False inside the rule's cool-down)."""
    resolved_notified = models.BooleanField(default=False)
    delivery_errors = models.JSONField(default=list)
    """``[{"channel", "at", "error"}]`` for deliveries a channel refused."""

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["rule", "resolved_at"], name="incident_rule_open")]

    def __str__(self) -> str:
        return f"{self.rule.name} since {self.opened_at:%Y-%m-%d %H:%M}"
