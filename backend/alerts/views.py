"""``/api/v1/alert-channels/``, ``/api/v1/alert-rules/`` and ``/api/v1/alert-incidents/``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from backend.alerts.channels import DeliveryError, deliver
from backend.alerts.messages import test_message
from backend.alerts.models import AlertChannel, AlertIncident, AlertRule
from backend.alerts.serializers import (
    AlertChannelSerializer,
    AlertIncidentSerializer,
    AlertRuleSerializer,
)
from backend.api.openapi import problems
from backend.connections.vault import SecretUnreadable


class TestSendSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    message = serializers.CharField()


@extend_schema_view(
    create=extend_schema(responses={201: AlertChannelSerializer, **problems(400)}),
    partial_update=extend_schema(responses={200: AlertChannelSerializer, **problems(400, 404)}),
)
class AlertChannelViewSet(viewsets.ModelViewSet):
    serializer_class = AlertChannelSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[AlertChannel]:
        return AlertChannel.objects.order_by("name")

    @extend_schema(
        summary="Send a test alert through the channel",
        request=None,
        responses={200: TestSendSerializer, **problems(404)},
    )
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str | None = None) -> Response:
        channel = self.get_object()
        try:
            deliver(channel, test_message(timezone.now()))
        except (DeliveryError, SecretUnreadable) as exc:
            return Response({"ok": False, "message": str(exc)})
        return Response({"ok": True, "message": f"The test alert went to {channel.name}."})


@extend_schema_view(
    create=extend_schema(responses={201: AlertRuleSerializer, **problems(400)}),
    partial_update=extend_schema(responses={200: AlertRuleSerializer, **problems(400, 404)}),
)
class AlertRuleViewSet(viewsets.ModelViewSet):
    serializer_class = AlertRuleSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[AlertRule]:
        return AlertRule.objects.prefetch_related("channels").order_by("name")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("open", OpenApiTypes.BOOL, description="Only unresolved ones."),
            OpenApiParameter("rule", OpenApiTypes.UUID),
        ]
    )
)
class AlertIncidentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AlertIncidentSerializer

    def get_queryset(self) -> QuerySet[AlertIncident]:
        incidents = AlertIncident.objects.select_related("rule").order_by("-opened_at")
        params = self.request.query_params
        if params.get("open") in ("true", "1"):
            incidents = incidents.filter(resolved_at=None)
        if params.get("rule"):
            field = serializers.UUIDField()
            incidents = incidents.filter(rule_id=field.run_validation(params["rule"]))
        return incidents
