"""API shapes of alert channels, rules and incidents (camelCase, secrets never returned)."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from rest_framework import serializers

from backend.alerts import channel_settings
from backend.alerts.messages import explaining_url
from backend.alerts.models import AlertChannel, AlertIncident, AlertRule, ChannelKind, RuleKind
from backend.connections.models import Connection
from backend.designer.models import Workflow

MAX_COUNTED_MINUTES = 24 * 60
"""Failure rules read per-minute rollups, which are kept two days."""


class AlertChannelSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ChannelKind.choices)
    config = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Settings with secrets mixed in on write (omitted secrets keep their value); "
        "only non-secret settings on read.",
    )
    secretsSet = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = AlertChannel
        fields = ["id", "name", "kind", "config", "enabled", "secretsSet", "createdAt", "updatedAt"]
        read_only_fields = ["id"]

    def get_secretsSet(self, channel: AlertChannel) -> dict[str, bool]:
        stored = channel.secrets
        secret = channel_settings.SPECS[ChannelKind(channel.kind)].secret
        return {name: bool(stored.get(name)) for name in secret}

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        instance: AlertChannel | None = self.instance
        kind = str(data.get("kind", instance.kind if instance else ""))
        if instance is not None and kind != instance.kind:
            raise serializers.ValidationError(
                {"kind": "A channel's kind cannot change; create a new channel."}
            )
        merged = dict(instance.settings()) if instance else {}
        for name, value in data.get("config", {}).items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        found = channel_settings.problems(kind, merged)
        if found:
            raise serializers.ValidationError(
                {"config": {name: [message] for name, message in found.items()}}
            )
        data["config"] = merged
        return data

    def create(self, data: dict[str, Any]) -> AlertChannel:
        channel = AlertChannel(kind=data["kind"])
        return self._save(channel, data)

    def update(self, channel: AlertChannel, data: dict[str, Any]) -> AlertChannel:
        return self._save(channel, data)

    def _save(self, channel: AlertChannel, data: dict[str, Any]) -> AlertChannel:
        plain, secret = channel_settings.split(channel.kind, data.pop("config"))
        for name, value in data.items():
            setattr(channel, name, value)
        channel.config = plain
        channel.set_secrets(secret)
        channel.save()
        return channel


class OpenIncidentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    openedAt = serializers.DateTimeField(source="opened_at")
    lastValue = serializers.FloatField(source="last_value")
    summary = serializers.CharField()


class AlertRuleSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=RuleKind.choices)
    workflow = serializers.PrimaryKeyRelatedField(
        queryset=Workflow.objects.all(), allow_null=True, required=False
    )
    connection = serializers.PrimaryKeyRelatedField(
        queryset=Connection.objects.all(), allow_null=True, required=False
    )
    threshold = serializers.FloatField(min_value=0, required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=7 * 24 * 60, required=False)
    minRuns = serializers.IntegerField(source="min_runs", min_value=1, required=False)
    businessDays = serializers.ListField(
        source="business_days",
        child=serializers.IntegerField(min_value=0, max_value=6),
        required=False,
        help_text="Days silence rules apply, 0 = Monday.",
    )
    businessStart = serializers.TimeField(
        source="business_start", allow_null=True, required=False, format="%H:%M"
    )
    businessEnd = serializers.TimeField(
        source="business_end", allow_null=True, required=False, format="%H:%M"
    )
    timeZone = serializers.CharField(source="time_zone", required=False)
    cooldownMinutes = serializers.IntegerField(
        source="cooldown_minutes", min_value=0, required=False
    )
    channels = serializers.PrimaryKeyRelatedField(
        queryset=AlertChannel.objects.all(), many=True, required=False
    )
    openIncident = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = AlertRule
        fields = [
            "id", "name", "kind", "workflow", "connection", "threshold", "minutes", "minRuns",
            "businessDays", "businessStart", "businessEnd", "timeZone", "cooldownMinutes",
            "enabled", "channels", "openIncident", "createdAt", "updatedAt",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def get_openIncident(self, rule: AlertRule) -> dict[str, Any] | None:
        incident = rule.incidents.filter(resolved_at=None).order_by("-opened_at").first()
        return dict(OpenIncidentSerializer(incident).data) if incident else None

    def validate_timeZone(self, value: str) -> str:
        if value not in _time_zones():
            raise serializers.ValidationError(
                f"{value!r} is not a time zone name such as Europe/Paris.", code="invalid"
            )
        return value

    def validate_businessDays(self, value: list[int]) -> list[int]:
        if not value:
            raise serializers.ValidationError("Give at least one day.", code="required")
        return sorted(set(value))

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        def current(name: str) -> Any:
            if name in data:
                return data[name]
            return getattr(self.instance, name) if self.instance else None

        kind = current("kind")
        errors: dict[str, str] = {}
        counted = (RuleKind.FAILURE_RATE, RuleKind.DEAD_LETTERS)
        if kind in counted and (current("minutes") or 0) > MAX_COUNTED_MINUTES:
            errors["minutes"] = f"Failures are counted over at most {MAX_COUNTED_MINUTES} minutes."
        if kind == RuleKind.FAILURE_RATE and (current("threshold") or 0) >= 100:
            errors["threshold"] = "A failure rate limit is a percentage below 100."
        if kind != RuleKind.CONNECTION_DOWN and current("connection") is not None:
            errors["connection"] = "Only connection rules watch a connection."
        if kind == RuleKind.CONNECTION_DOWN and current("workflow") is not None:
            errors["workflow"] = "Connection rules watch connections, not workflows."
        start, end = current("business_start"), current("business_end")
        if start is not None and end is not None and start >= end:
            errors["businessEnd"] = "Business hours must end after they start."
        if errors:
            raise serializers.ValidationError(errors)
        return data


def _time_zones() -> set[str]:
    return available_timezones() | {"UTC"}


class AlertIncidentSerializer(serializers.ModelSerializer):
    ruleId = serializers.UUIDField(source="rule_id", read_only=True)
    ruleName = serializers.CharField(source="rule.name", read_only=True)
    kind = serializers.CharField(source="rule.kind", read_only=True)
    workflow = serializers.UUIDField(source="rule.workflow_id", read_only=True, allow_null=True)
    openedAt = serializers.DateTimeField(source="opened_at")
    resolvedAt = serializers.DateTimeField(source="resolved_at")
    lastValue = serializers.FloatField(source="last_value")
    resolvedNotified = serializers.BooleanField(source="resolved_notified")
    deliveryErrors = serializers.JSONField(source="delivery_errors")
    url = serializers.SerializerMethodField()

    class Meta:
        model = AlertIncident
        fields = [
            "id", "ruleId", "ruleName", "kind", "workflow", "openedAt", "resolvedAt",
            "lastValue", "summary", "notified", "resolvedNotified", "deliveryErrors", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, incident: AlertIncident) -> str:
        return explaining_url(incident)
