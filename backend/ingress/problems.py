"""Problem bodies (RFC 9457) for the webhook endpoint, which answers without DRF."""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse


def problem(status: int, detail: str, **extra: object) -> JsonResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type="application/problem+json")
