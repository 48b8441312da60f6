"""Connections: credentials for external systems. Secrets go in, never come out."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.openapi import problems
from backend.connections import services
from backend.connections.models import Connection


class ConnectionSerializer(serializers.ModelSerializer):
    credentialType = serializers.CharField(source="credential_type", max_length=100)
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        help_text="All fields, secrets included, on write; only non-secret fields on read.",
    )
    secretsSet = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = Connection
        fields = ["id", "name", "credentialType", "fields", "secretsSet", "createdAt", "updatedAt"]
        read_only_fields = ["id"]

    def get_secretsSet(self, connection: Connection) -> dict[str, bool]:
        return services.secrets_set(connection)

    def validate_credentialType(self, value: str) -> str:
        try:
            services.credential_type(value)
        except services.UnknownCredentialType as exc:
            raise serializers.ValidationError(str(exc), code="unknown") from None
        if self.instance is not None and value != self.instance.credential_type:
            raise serializers.ValidationError(
                "A connection's credential type cannot change; create a new connection.",
                code="immutable",
            )
        return value

    def create(self, validated_data: dict[str, Any]) -> Connection:
        return self._save(None, validated_data)

    def update(self, instance: Connection, validated_data: dict[str, Any]) -> Connection:
        return self._save(instance, validated_data)

    def _save(self, instance: Connection | None, data: dict[str, Any]) -> Connection:
        try:
            return services.save_connection(
                instance,
                name=data.get("name"),
                credential_type_id=data.get("credential_type"),
                fields=data.get("fields"),
            )
        except services.InvalidFields as exc:
            raise serializers.ValidationError({"fields": _by_field(exc.problems)}) from None

    def to_representation(self, instance: Connection) -> dict[str, Any]:
        body: dict[str, Any] = super().to_representation(instance)
        body["fields"] = dict(instance.fields)
        return body


def _by_field(found: list[services.FieldProblem]) -> dict[str, list[serializers.ErrorDetail]]:
    grouped: dict[str, list[serializers.ErrorDetail]] = {}
    for problem in found:
        grouped.setdefault(problem.field, []).append(
            serializers.ErrorDetail(problem.message, problem.code)
        )
    return grouped


class ConnectionTestSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    message = serializers.CharField()
    details = serializers.DictField()


@extend_schema_view(
    list=extend_schema(summary="List connections (secrets are never returned)"),
    create=extend_schema(
        summary="Create a connection", responses={201: ConnectionSerializer, **problems(400)}
    ),
    retrieve=extend_schema(summary="Get a connection", responses={200: ConnectionSerializer}),
    update=extend_schema(summary="Replace a connection's name and fields"),
    partial_update=extend_schema(
        summary="Change a connection; omitted secret fields keep their values",
        responses={200: ConnectionSerializer, **problems(400, 404)},
    ),
    destroy=extend_schema(summary="Delete a connection"),
)
class ConnectionViewSet(viewsets.ModelViewSet):
    serializer_class = ConnectionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Connection]:
        return Connection.objects.order_by("name")

    def perform_destroy(self, instance: Connection) -> None:
        services.delete_connection(instance)

    @extend_schema(
        summary="Check the connection against its system",
        request=None,
        responses={200: ConnectionTestSerializer, **problems(404)},
    )
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str | None = None) -> Response:
        result = services.check_connection(self.get_object())
        body = {"ok": result.ok, "message": result.message, "details": result.details}
        return Response(body, status=status.HTTP_200_OK)
