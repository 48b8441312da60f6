"""Run history: filtered list, one run with its steps, and the steps alone."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from backend.api.openapi import problems
from backend.api.pagination import Page
from backend.api.run_filters import filter_runs
from backend.api.run_serializers import RunDetailSerializer, RunSerializer, StepSerializer
from backend.runs.models import Run, RunMode, RunStatus

FILTERS = [
    OpenApiParameter("workflow", OpenApiTypes.UUID, description="Runs of this workflow."),
    OpenApiParameter(
        "status", OpenApiTypes.STR, description=f"One or more of {', '.join(RunStatus.values)}."
    ),
    OpenApiParameter("mode", OpenApiTypes.STR, description=f"One or more of {', '.join(RunMode)}."),
    OpenApiParameter(
        "errorClass", OpenApiTypes.STR, description="The error's class, e.g. validation."
    ),
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="Created at or after (ISO)."),
    OpenApiParameter("until", OpenApiTypes.DATETIME, description="Created before (ISO)."),
    OpenApiParameter(
        "parent", OpenApiTypes.UUID, description="Runs started by this run (a poll's records)."
    ),
    OpenApiParameter(
        "search", OpenApiTypes.STR, description="Part of the business key, or a run id."
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List runs, newest first", parameters=FILTERS, responses={200: RunSerializer}
    ),
    retrieve=extend_schema(
        summary="Get a run with its input and steps",
        responses={200: RunDetailSerializer, **problems(404)},
    ),
)
class RunViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Page
    serializer_class = RunSerializer

    def get_queryset(self) -> QuerySet[Run]:
        runs = Run.objects.select_related("workflow", "version").order_by("-created_at", "-pk")
        if self.action == "list":
            return filter_runs(runs.defer("input", "version__document"), self.request.query_params)
        return runs

    def get_serializer_class(self) -> type[BaseSerializer[Run]]:
        return RunDetailSerializer if self.action == "retrieve" else RunSerializer

    @extend_schema(
        summary="A run's steps, oldest first",
        responses={200: StepSerializer(many=True), **problems(404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def steps(self, request: Request, pk: str | None = None) -> Response:
        return Response(RunDetailSerializer.steps_of(self.get_object()))
