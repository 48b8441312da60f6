"""Errors as RFC 9457 problem bodies: ``{"type", "title", "status", "detail", ...}``.

Every error under ``/api/`` leaves as ``application/problem+json``: DRF's own exceptions, the
designer's domain errors, Django's 404 and 500 pages, and unexpected exceptions (logged, never
shown). Validation errors list each field at fault in ``problems``, the same shape the workflow
validator uses, so a client renders both the same way.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from backend.designer.services import (
    InvalidDocument,
    PreconditionFailed,
    VersionConflict,
    WorkflowNotDeployed,
)

log = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemError(exceptions.APIException):
    """An API error with a problem ``type``, a title and extra members for the body."""

    def __init__(
        self, status_code: int, title: str, detail: str, type_: str = "about:blank", **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.title = title
        self.type = type_
        self.extra = extra


def problem_body(status_code: int, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    type_ = extra.pop("type", "about:blank")
    return {"type": type_, "title": title, "status": status_code, "detail": detail, **extra}


def problem_response(status_code: int, title: str, detail: str, **extra: Any) -> Response:
    return Response(
        problem_body(status_code, title, detail, **extra),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def field_problems(details: Any, path: str = "") -> list[dict[str, Any]]:
    """Flatten DRF's nested ``get_full_details()`` into one problem per field, dotted paths."""
    if isinstance(details, dict) and set(details) == {"message", "code"}:
        field = "" if path in ("non_field_errors", "") else path
        return [
            {"nodeId": None, "field": field, "message": details["message"], "code": details["code"]}
        ]
    if isinstance(details, dict):
        found = []
        for key, value in details.items():
            name = "" if key == "non_field_errors" else str(key)
            found += field_problems(value, ".".join(filter(None, [path, name])))
        return found
    if isinstance(details, list):
        found = []
        for index, value in enumerate(details):
            nested = isinstance(value, dict) and set(value) != {"message", "code"}
            found += field_problems(value, f"{path}.{index}" if nested else path)
        return found
    return [{"nodeId": None, "field": path, "message": str(details), "code": "invalid"}]


def _validation_problem(exc: exceptions.ValidationError) -> dict[str, Any]:
    problems = field_problems(exc.get_full_details())
    first = problems[0] if problems else {"field": "", "message": "The request is invalid."}
    where = f"{first['field']}: " if first["field"] else ""
    return problem_body(
        400,
        "Invalid request",
        where + first["message"],
        type="urn:ferry:problem:invalid-request",
        problems=problems,
    )


def _domain_problem(exc: Exception) -> ProblemError | None:
    """The designer's errors in HTTP terms."""
    if isinstance(exc, InvalidDocument):
        return ProblemError(
            400,
            exc.title,
            exc.summary(),
            "urn:ferry:problem:invalid-workflow",
            problems=[p.to_json() for p in exc.problems],
        )
    if isinstance(exc, VersionConflict | PreconditionFailed):
        latest = exc.latest
        extra = {
            "latestVersion": latest.number,
            "latestContentHash": latest.content_hash,
            "savedBy": latest.created_by.get_username() if latest.created_by else None,
            "savedAt": latest.created_at.isoformat(),
        }
        if isinstance(exc, PreconditionFailed):
            return ProblemError(
                412, "Version precondition failed", str(exc), "urn:ferry:problem:stale", **extra
            )
        return ProblemError(409, "Version conflict", str(exc), "urn:ferry:problem:stale", **extra)
    if isinstance(exc, WorkflowNotDeployed):
        return ProblemError(409, "Workflow not deployed", str(exc), "urn:ferry:problem:undeployed")
    return None


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _domain_problem(exc) or exc
    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        return Response(_validation_problem(exc), status=400, content_type=PROBLEM_CONTENT_TYPE)
    response = exception_handler(exc, context)
    if response is None:
        # A bug: log it with its traceback, answer without one.
        log.exception("Unhandled error in %s", context.get("view").__class__.__name__)
        set_rollback()
        return problem_response(
            500, "Internal server error", "Ferry failed to handle this request; it is logged."
        )
    body = problem_body(response.status_code, response.status_text, _detail(response.data))
    if isinstance(exc, ProblemError):
        body.update(type=exc.type, title=exc.title, **exc.extra)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _detail(data: Any) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return str(data)


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: a problem body under ``/api/``, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return _json_problem(404, "Not Found", f"No API endpoint at {request.path}.")
    return defaults.page_not_found(request, exception or Exception())


def api_server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a problem body under ``/api/``, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return _json_problem(
            500, "Internal server error", "Ferry failed to handle this request; it is logged."
        )
    return defaults.server_error(request)


def _json_problem(status_code: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse(
        problem_body(status_code, title, detail),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )
