"""Monitoring under ``/api/v1/``: dashboard statistics and connection health, pause and resume."""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.openapi import problems
from backend.connections.models import Connection
from backend.designer.models import Workflow
from backend.monitoring import connection_health
from backend.monitoring.stats import WINDOWS, overview


class OverviewQuery(serializers.Serializer):
    window = serializers.ChoiceField(choices=list(WINDOWS), default="1h")
    workflow = serializers.UUIDField(required=False)

    def validate_workflow(self, value: uuid.UUID) -> uuid.UUID:
        if not Workflow.objects.filter(pk=value).exists():
            raise serializers.ValidationError("No workflow has this id.", code="not_found")
        return value


class StatsOverviewView(APIView):
    @extend_schema(
        summary="Dashboard statistics over a window (from stored runs)",
        parameters=[
            OpenApiParameter("window", str, enum=list(WINDOWS), description="Default 1h."),
            OpenApiParameter("workflow", OpenApiTypes.UUID, description="Only this workflow."),
        ],
        responses={200: OpenApiTypes.OBJECT, **problems(400)},
    )
    def get(self, request: Request) -> Response:
        query = OverviewQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        workflow = query.validated_data.get("workflow")
        window = WINDOWS[query.validated_data["window"]]
        return Response(overview(window, timezone.now(), str(workflow) if workflow else None))


class ConnectionsHealthView(APIView):
    @extend_schema(
        summary="Health of every connection",
        operation_id="v1_connections_health_list",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        connections = Connection.objects.order_by("name")
        return Response([connection_health.health_of(c) for c in connections])


class ConnectionHealthView(APIView):
    @extend_schema(
        summary="A connection's health: last check, pause, calls through it",
        responses={200: OpenApiTypes.OBJECT, **problems(404)},
    )
    def get(self, request: Request, pk: str) -> Response:
        return Response(connection_health.health_of(get_object_or_404(Connection, pk=pk)))


class ConnectionCheckView(APIView):
    @extend_schema(
        summary="Check a connection now and record the result as its health",
        request=None,
        responses={200: OpenApiTypes.OBJECT, **problems(404)},
    )
    def post(self, request: Request, pk: str) -> Response:
        connection = get_object_or_404(Connection, pk=pk)
        connection_health.check_and_record(connection)
        return Response(connection_health.health_of(connection))


class ConnectionPauseView(APIView):
    paused = True

    @extend_schema(
        summary="Pause (or resume) a connection",
        request=None,
        responses={200: OpenApiTypes.OBJECT, **problems(404)},
    )
    def post(self, request: Request, pk: str) -> Response:
        connection = get_object_or_404(Connection, pk=pk)
        connection_health.set_paused(connection, self.paused)
        return Response(connection_health.health_of(connection))
