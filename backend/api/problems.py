"""Errors as RFC 9457 problem bodies: ``{"type", "title", "status", "detail", ...}``."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": response.status_text,
        "status": response.status_code,
    }
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        body["detail"] = str(data["detail"])
    elif isinstance(data, dict) and "problems" in data:
        body.update(data)
    else:
        body["detail"] = "The request has invalid fields."
        body["errors"] = data
    response.data = body
    response["Content-Type"] = "application/problem+json"
    return response
