"""``/api/v1/templates/``: the shipped template workflows, and installing one."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.problems import problem_response
from backend.api.users import acting_user
from backend.api.workflow_serializers import WorkflowSerializer
from backend.designer.templates import install_template
from workflows.templates import TemplateError, list_templates


class TemplateInstallSerializer(serializers.Serializer):
    connections = serializers.DictField(child=serializers.CharField(), required=False, default=dict)
    settings = serializers.DictField(required=False, default=dict)
    name = serializers.CharField(required=False, max_length=200)
    deploy = serializers.BooleanField(required=False, default=False)


class TemplateListView(APIView):
    @extend_schema(summary="List the shipped template workflows", responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response([template.to_json() for template in list_templates()])


class TemplateInstallView(APIView):
    @extend_schema(
        summary="Install a template as a new workflow",
        request=TemplateInstallSerializer,
        responses={201: WorkflowSerializer},
    )
    def post(self, request: Request, name: str) -> Response:
        given = TemplateInstallSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data: dict[str, Any] = given.validated_data
        try:
            installed = install_template(
                name,
                connections=data["connections"],
                settings=data["settings"],
                workflow_name=data.get("name"),
                deploy=data["deploy"],
                user=acting_user(request),
            )
        except TemplateError as exc:
            code = status.HTTP_404_NOT_FOUND if exc.field == "name" else status.HTTP_400_BAD_REQUEST
            problems = [
                {"nodeId": None, "field": exc.field, "message": str(exc), "code": "template"}
            ]
            return problem_response(
                code, "The template cannot be installed", str(exc), problems=problems
            )
        body = WorkflowSerializer(installed.workflow, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
