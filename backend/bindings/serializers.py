"""API shapes of bindings, unresolved ids, exchange rates and status tables (camelCase)."""

from __future__ import annotations

from typing import Any

import jsonschema
from rest_framework import serializers

from backend.bindings.models import KIND_CHOICES, Binding, ExchangeRate, StatusTable
from backend.bindings.services import binding_json, rate_json, unresolved_json
from workflows.sdk.bindings import DEFAULT_SCOPE
from workflows.transforms.status import STATUS_TABLE_SCHEMA


class BindingSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    scope = serializers.CharField(max_length=200, default=DEFAULT_SCOPE)
    shopId = serializers.CharField(max_length=200)
    inforId = serializers.CharField(max_length=200)
    sourceRunId = serializers.CharField(read_only=True, allow_null=True)
    createdAt = serializers.DateTimeField(read_only=True)
    updatedAt = serializers.DateTimeField(read_only=True)

    def to_representation(self, instance: Binding) -> dict[str, Any]:
        return binding_json(instance)


class UnresolvedSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    side = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)
    context = serializers.DictField(read_only=True)  # type: ignore[assignment]
    count = serializers.IntegerField(read_only=True)
    firstSeen = serializers.DateTimeField(read_only=True)
    lastSeen = serializers.DateTimeField(read_only=True)
    runIds = serializers.ListField(child=serializers.CharField(), read_only=True)
    resolvedAt = serializers.DateTimeField(read_only=True, allow_null=True)
    bindingId = serializers.UUIDField(read_only=True, allow_null=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return unresolved_json(instance)


class ResolveSerializer(serializers.Serializer):
    otherId = serializers.CharField(
        max_length=200,
        help_text="The other system's id: the Infor id for a shop value, and the reverse.",
    )


class RateSerializer(serializers.Serializer):
    base = serializers.RegexField(r"^[A-Za-z]{3}$")
    quote = serializers.RegexField(r"^[A-Za-z]{3}$")
    rate = serializers.DecimalField(max_digits=24, decimal_places=10, min_value=0)
    date = serializers.DateField()
    source = serializers.CharField(max_length=100, allow_blank=True, default="")  # type: ignore[assignment]

    def validate_rate(self, value: Any) -> Any:
        if value <= 0:
            raise serializers.ValidationError("A rate must be positive.", code="min_value")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["base"], attrs["quote"] = attrs["base"].upper(), attrs["quote"].upper()
        if attrs["base"] == attrs["quote"]:
            raise serializers.ValidationError({"quote": "Base and quote must differ."})
        return attrs

    def to_representation(self, instance: ExchangeRate) -> dict[str, Any]:
        return {"id": instance.pk, **rate_json(instance)}


class StatusTableSerializer(serializers.ModelSerializer):
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = StatusTable
        fields = ["name", "description", "table", "updatedAt"]

    def validate_table(self, value: Any) -> Any:
        errors = sorted(
            jsonschema.Draft202012Validator(STATUS_TABLE_SCHEMA).iter_errors(value),
            key=lambda error: list(error.absolute_path),
        )
        if errors:
            where = ".".join(str(p) for p in errors[0].absolute_path)
            raise serializers.ValidationError(
                f"{where}: {errors[0].message}" if where else errors[0].message, code="schema"
            )
        return value
