"""Versions of a workflow: list, save (validated, conflict-checked), get one."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.openapi import problems
from backend.api.users import acting_user
from backend.api.workflow_serializers import VersionCreateSerializer, VersionSerializer
from backend.designer import services
from backend.designer.models import Workflow, WorkflowVersion

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="ETag (content hash) of the latest version you edited; a mismatch is a 412.",
)


def etag(version: WorkflowVersion) -> str:
    return f'"{version.content_hash}"'


class VersionListView(GenericAPIView):
    serializer_class = VersionSerializer
    pagination_class = None

    def _workflow(self, workflow_id: str) -> Workflow:
        return get_object_or_404(Workflow, pk=workflow_id)

    @extend_schema(
        summary="List a workflow's versions, newest first",
        responses={200: VersionSerializer(many=True), **problems(404)},
    )
    def get(self, request: Request, workflow_id: str) -> Response:
        workflow = self._workflow(workflow_id)
        versions = workflow.versions.select_related("created_by").order_by("-number")
        return Response(VersionSerializer(versions, many=True).data)

    @extend_schema(
        summary="Save a document as the next version",
        description=(
            "The document is validated in full; every problem is listed in the 400 body. "
            "Saving the same document as the latest version returns that version with 200. "
            "`baseVersion` older than the latest is a 409 naming the latest and who saved it."
        ),
        parameters=[IF_MATCH],
        request=VersionCreateSerializer,
        responses={
            201: VersionSerializer,
            200: VersionSerializer,
            **problems(400, 404, 409, 412),
        },
    )
    def post(self, request: Request, workflow_id: str) -> Response:
        workflow = self._workflow(workflow_id)
        serializer = VersionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.save_version(
            workflow,
            data["document"],
            user=acting_user(request),
            message=data["message"],
            base_version=data.get("baseVersion"),
            if_match=request.headers.get("If-Match"),
        )
        code = status.HTTP_201_CREATED if saved.created else status.HTTP_200_OK
        response = Response(VersionSerializer(saved.version).data, status=code)
        response["ETag"] = etag(saved.version)
        return response


class VersionDetailView(GenericAPIView):
    serializer_class = VersionSerializer

    @extend_schema(
        summary="Get one version by number", responses={200: VersionSerializer, **problems(404)}
    )
    def get(self, request: Request, workflow_id: str, number: str) -> Response:
        version = get_object_or_404(
            WorkflowVersion.objects.select_related("created_by"),
            workflow_id=workflow_id,
            number=number,
        )
        response = Response(VersionSerializer(version).data)
        response["ETag"] = etag(version)
        return response
