"""Evaluate a JSONata expression on sample data: the designer's live preview."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.openapi import problems
from backend.api.problems import problem_response
from workflows.expressions import ExpressionError, compile_expression


class EvaluateSerializer(serializers.Serializer):
    expression = serializers.CharField(allow_blank=False, trim_whitespace=False, max_length=20000)
    # The field is named as the request's key; it shadows Serializer.data, which is never read here.
    data = serializers.JSONField(required=False, allow_null=True, default=None)  # type: ignore[assignment]
    bindings = serializers.DictField(required=False, default=dict)


class EvaluateView(APIView):
    @extend_schema(
        operation_id="expressions_evaluate",
        request=EvaluateSerializer,
        responses={200: OpenApiTypes.OBJECT, **problems(400)},
        description=(
            "Evaluates `expression` on `data` with the same engine runs use and answers "
            "`{result}`. A syntax or evaluation error is a 400 problem whose `position` is the "
            "character where it was found (or null)."
        ),
    )
    def post(self, request: Request) -> Response:
        body = EvaluateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data: dict[str, Any] = body.validated_data
        try:
            result = compile_expression(data["expression"]).evaluate(
                data["data"], data["bindings"] or None
            )
        except ExpressionError as exc:
            return problem_response(
                400,
                "Expression error",
                f"JSONata {exc.code} {exc.message}",
                code=exc.code,
                position=exc.position,
                problems=[
                    {
                        "nodeId": None,
                        "field": "expression",
                        "message": exc.message,
                        "code": exc.code,
                    }
                ],
            )
        return Response({"result": result})
