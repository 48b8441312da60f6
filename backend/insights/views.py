"""API views of the cross-system pages: the timeline of a business key."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.problems import ProblemError
from backend.insights.timeline import build_timeline


def required_query(request: Request, name: str) -> str:
    value = (request.query_params.get(name) or "").strip()
    if not value:
        raise ProblemError(
            400,
            "Invalid request",
            f"{name}: give a value to look up.",
            "urn:ferry:problem:invalid-request",
            problems=[{"nodeId": None, "field": name, "message": "Required.", "code": "required"}],
        )
    if len(value) > 200:
        raise ProblemError(
            400,
            "Invalid request",
            f"{name}: at most 200 characters.",
            "urn:ferry:problem:invalid-request",
            problems=[{"nodeId": None, "field": name, "message": "Too long.", "code": "too_long"}],
        )
    return value


class TimelineView(APIView):
    """Everything Ferry did with a shop order reference, M3 order number, e-mail or SKU."""

    @extend_schema(
        parameters=[OpenApiParameter("key", str, required=True)],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        return Response(build_timeline(required_query(request, "key")))
