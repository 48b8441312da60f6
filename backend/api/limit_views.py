"""``/api/v1/connections/{id}/limits``: how hard Ferry may call a connection, for all workers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.openapi import problems
from backend.connections.models import Connection
from backend.durability.limits import gate
from backend.durability.models import ConnectionLimit


class LimitsSerializer(serializers.Serializer):
    maxInFlight = serializers.IntegerField(
        min_value=1, allow_null=True, required=False, help_text="Calls at once; null: no limit."
    )
    callsPerSecond = serializers.FloatField(
        min_value=0.001, allow_null=True, required=False, help_text="Null: no limit."
    )


def _limits(connection: Connection) -> dict[str, Any]:
    limit = ConnectionLimit.objects.filter(connection=connection).first()
    if limit is None:
        return {"maxInFlight": None, "callsPerSecond": None}
    return {"maxInFlight": limit.max_in_flight, "callsPerSecond": limit.calls_per_second}


class ConnectionLimitsView(APIView):
    @extend_schema(
        summary="A connection's limits", responses={200: LimitsSerializer, **problems(404)}
    )
    def get(self, request: Request, pk: str) -> Response:
        return Response(_limits(get_object_or_404(Connection, pk=pk)))

    @extend_schema(
        summary="Set a connection's limits (calls in flight, calls per second)",
        request=LimitsSerializer,
        responses={200: LimitsSerializer, **problems(400, 404)},
    )
    def put(self, request: Request, pk: str) -> Response:
        connection = get_object_or_404(Connection, pk=pk)
        serializer = LimitsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ConnectionLimit.objects.update_or_create(
            connection=connection,
            defaults={
                "max_in_flight": data.get("maxInFlight"),
                "calls_per_second": data.get("callsPerSecond"),
            },
        )
        gate.forget()
        return Response(_limits(connection))
