"""``/healthz`` (the process answers), ``/readyz`` (it can do work) and ``/metrics``."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import cache, wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from backend.api.problems import PROBLEM_CONTENT_TYPE, problem_body
from backend.monitoring.metrics import FerryCollector
from backend.monitoring.readiness import run_checks


def get_only(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Answer any other method with a 405 problem body instead of an empty page."""

    @wraps(view)
    def guarded(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            body = problem_body(405, "Method not allowed", f"{request.path} only answers GET.")
            response = JsonResponse(body, status=405, content_type=PROBLEM_CONTENT_TYPE)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request)

    return guarded


@get_only
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: touches nothing outside the process, so a slow database never restarts it."""
    return JsonResponse({"status": "ok"})


@get_only
def readyz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    failing = [check for check in checks if not check.ok]
    report = {check.name: {"ok": check.ok, "detail": check.detail} for check in checks}
    if not failing:
        return JsonResponse({"status": "ready", "checks": report})
    body = problem_body(
        503,
        "Not ready",
        " ".join(check.detail for check in failing),
        type="urn:ferry:problem:not-ready",
        notReady=[check.name for check in failing],
        checks=report,
    )
    return JsonResponse(body, status=503, content_type=PROBLEM_CONTENT_TYPE)


@cache
def _registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FerryCollector())
    return registry


def _allowed(address: str) -> bool:
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.FERRY_METRICS_ALLOWED_IPS:
        try:
            if client in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


@get_only
def metrics(request: HttpRequest) -> HttpResponse:
    address = request.META.get("REMOTE_ADDR", "")
    if not _allowed(address):
        body = problem_body(
            403,
            "Forbidden",
            f"{address or 'This address'} may not read metrics; "
            "add it to FERRY_METRICS_ALLOWED_IPS.",
        )
        return JsonResponse(body, status=403, content_type=PROBLEM_CONTENT_TYPE)
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
