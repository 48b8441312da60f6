"""OpenAPI pieces shared by the views: the problem body and the error responses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

DESCRIPTIONS = {
    400: "Invalid request; `problems` names every field at fault.",
    401: "Not authenticated.",
    403: "Not authenticated or not allowed.",
    404: "No such object.",
    409: "Conflicts with the current state (a newer version, nothing deployed).",
    412: "`If-Match` names content that is no longer the latest.",
}


class ProblemItemSerializer(serializers.Serializer):
    nodeId = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_blank=True)
    message = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem body (`application/problem+json`)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    problems = ProblemItemSerializer(many=True, required=False)


def problems(*codes: int) -> dict[int, OpenApiResponse]:
    """Problem-body responses for these status codes, for ``extend_schema(responses=...)``."""
    return {
        code: OpenApiResponse(ProblemSerializer, description=DESCRIPTIONS.get(code, ""))
        for code in codes
    }
