"""Workflows: CRUD, deploy, manual and test runs."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, OuterRef, QuerySet, Subquery
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from backend.api.openapi import problems
from backend.api.pagination import Page
from backend.api.problems import ProblemError
from backend.api.run_serializers import RunDetailSerializer, TestRunResultSerializer
from backend.api.users import acting_user
from backend.api.workflow_serializers import (
    DeploySerializer,
    ManualRunSerializer,
    RunStartedSerializer,
    TestRunSerializer,
    WorkflowCreateSerializer,
    WorkflowSerializer,
    WorkflowUpdateSerializer,
)
from backend.designer import runs, services
from backend.designer.models import Workflow, WorkflowVersion
from backend.runs.models import Run


def annotated_workflows() -> QuerySet[Workflow]:
    last = Run.objects.filter(workflow=OuterRef("pk")).order_by("-created_at")
    return (
        Workflow.objects.select_related("active_version")
        .annotate(
            latest_number=Max("versions__number"),
            last_run_id=Subquery(last.values("id")[:1]),
            last_run_status=Subquery(last.values("status")[:1]),
            last_run_created=Subquery(last.values("created_at")[:1]),
        )
        .order_by("name", "created_at")
    )


@extend_schema_view(
    list=extend_schema(summary="List workflows"),
    retrieve=extend_schema(
        summary="Get a workflow", responses={200: WorkflowSerializer, **problems(404)}
    ),
    create=extend_schema(
        summary="Create a workflow (optionally with its first version)",
        request=WorkflowCreateSerializer,
        responses={201: WorkflowSerializer, **problems(400)},
    ),
    update=extend_schema(request=WorkflowUpdateSerializer, responses={200: WorkflowSerializer}),
    partial_update=extend_schema(
        summary="Rename, describe, pause or resume a workflow",
        request=WorkflowUpdateSerializer,
        responses={200: WorkflowSerializer, **problems(400)},
    ),
    destroy=extend_schema(summary="Delete a workflow with its versions and runs"),
)
class WorkflowViewSet(viewsets.ModelViewSet):
    serializer_class = WorkflowSerializer
    pagination_class = Page

    def get_queryset(self) -> QuerySet[Workflow]:
        return annotated_workflows()

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "create":
            return WorkflowCreateSerializer
        if self.action in ("update", "partial_update"):
            return WorkflowUpdateSerializer
        return WorkflowSerializer

    def _shown(self, workflow: Workflow, code: int = status.HTTP_200_OK) -> Response:
        fresh = annotated_workflows().get(pk=workflow.pk)
        body = WorkflowSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._valid(WorkflowCreateSerializer, request.data)
        workflow = services.create_workflow(
            data["name"], data["description"], data.get("document"), acting_user(request)
        )
        return self._shown(workflow, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        workflow = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = WorkflowUpdateSerializer(workflow, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return self._shown(workflow)

    def perform_destroy(self, instance: Workflow) -> None:
        services.delete_workflow(instance)

    def _valid(self, serializer_class: type[BaseSerializer[Any]], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        summary="Deploy a version: webhooks, schedules and manual runs use it from now on",
        request=DeploySerializer,
        responses={200: WorkflowSerializer, **problems(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def deploy(self, request: Request, pk: str | None = None) -> Response:
        workflow = self.get_object()
        number = self._valid(DeploySerializer, request.data)["version"]
        version = get_object_or_404(WorkflowVersion, workflow=workflow, number=number)
        return self._shown(services.deploy(version, acting_user(request)))

    @extend_schema(
        summary="Start a manual run of the deployed version (asynchronous)",
        request=ManualRunSerializer,
        responses={202: RunStartedSerializer, **problems(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        workflow = self.get_object()
        payload = self._valid(ManualRunSerializer, request.data)["payload"]
        started = runs.start_manual_run(workflow, payload)
        return Response({"runId": str(started.pk)}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Execute a version or a draft now and return what every step did",
        request=TestRunSerializer,
        responses={200: TestRunResultSerializer, **problems(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="test-run")
    def test_run(self, request: Request, pk: str | None = None) -> Response:
        workflow = self.get_object()
        data = self._valid(TestRunSerializer, request.data)
        try:
            version, document = runs.resolve_test_target(
                workflow, data.get("version"), data.get("document"), acting_user(request)
            )
        except WorkflowVersion.DoesNotExist:
            raise ProblemError(
                404, "Not Found", f"Workflow has no version {data.get('version')}."
            ) from None
        except runs.NoSavedVersion as exc:
            raise ProblemError(409, "No saved version", str(exc)) from None
        _check_node_ids(document, data.get("stopAfter"), data.get("pinned"))
        result = runs.execute_test_run(
            workflow,
            version,
            document,
            data["payload"],
            stop_after=data.get("stopAfter"),
            pinned=data.get("pinned"),
        )
        outcome = result.outcome
        return Response(
            {
                "runId": str(result.run.pk),
                "status": outcome.status,
                "output": outcome.output,
                "error": outcome.error,
                "steps": RunDetailSerializer.steps_of(result.run, result.document),
            }
        )


def _check_node_ids(
    document: dict[str, Any], stop_after: str | None, pinned: dict[str, Any] | None
) -> None:
    ids = {n.get("id") for n in document.get("nodes") or [] if isinstance(n, dict)}
    found = []
    if stop_after and stop_after not in ids:
        found.append(("stopAfter", f"No node {stop_after!r} in the workflow."))
    for node_id in pinned or {}:
        if node_id not in ids:
            found.append((f"pinned.{node_id}", f"No node {node_id!r} in the workflow."))
    if found:
        raise ProblemError(
            400,
            "Invalid request",
            f"{found[0][0]}: {found[0][1]}",
            "urn:ferry:problem:invalid-request",
            problems=[
                {"nodeId": None, "field": field, "message": message, "code": "unknown_node"}
                for field, message in found
            ],
        )
