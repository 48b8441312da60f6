"""What can be built: node types, credential types and the workflow document's JSON Schema."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.registry import default_registry


class NodeTypesView(APIView):
    @extend_schema(
        summary="Every installed node type (all versions), by category then name",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response([node.spec.to_json() for node in default_registry().nodes()])


class CredentialTypesView(APIView):
    @extend_schema(
        summary="Every installed credential type with its fields' JSON Schema",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        return Response([kind.to_json() for kind in default_registry().credential_types()])


class WorkflowSchemaView(APIView):
    @extend_schema(
        summary="JSON Schema of a workflow document", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request: Request) -> Response:
        from workflows.graph import WORKFLOW_SCHEMA

        return Response(WORKFLOW_SCHEMA)
