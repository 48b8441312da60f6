"""``POST /hooks/<token>``: store the event and its queued run in one transaction, then 202.

A plain Django view on purpose: this is the hot path, and it does one cached lookup, one
transaction with two inserts, and nothing else before answering.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from backend.ingress.hooks import HookTarget, hook_target
from backend.ingress.models import InboundEvent
from backend.ingress.problems import problem
from backend.ingress.signature import SIGNATURE_HEADER, SignatureError, verify
from backend.runs.dispatch import new_run
from backend.runs.models import RunMode
from workflows.expressions import ExpressionError
from workflows.nodes.triggers import idempotency_key

log = logging.getLogger(__name__)

KEY_HEADERS = ("Idempotency-Key", "X-Ferry-Event-Id")
KEPT_HEADERS = ("Content-Type", "User-Agent", "X-Request-Id", *KEY_HEADERS)
KEY_LENGTH = 200


@csrf_exempt
def receive_hook(request: HttpRequest, token: str) -> JsonResponse:
    if request.method != "POST":
        response = problem(405, "Webhooks are delivered with POST.")
        response["Allow"] = "POST"
        return response
    limit = settings.FERRY_WEBHOOK_MAX_BYTES
    if _declared_length(request) > limit:
        return _too_large(limit)
    body = request.read(limit + 1)
    if len(body) > limit:
        return _too_large(limit)
    target = hook_target(token)
    if target is None:
        return problem(404, "No deployed workflow with a webhook trigger has this hook URL.")
    rejected = _check_signature(request, target, body)
    if rejected is not None:
        return rejected
    try:
        payload = json.loads(body)
    except ValueError as exc:
        return problem(400, f"The body is not valid JSON: {exc}")
    return _accept(request, target, token, body, payload)


def _accept(
    request: HttpRequest, target: HookTarget, token: str, body: bytes, payload: Any
) -> JsonResponse:
    source = f"hook:{token}"
    key = _event_key(request, target, body, payload)
    headers = {name: request.headers[name] for name in KEPT_HEADERS if name in request.headers}
    try:
        with transaction.atomic():
            run = new_run(
                target.workflow,
                target.version,
                mode=RunMode.WEBHOOK,
                payload=payload,
                trigger_node_id=target.node_id,
            )
            InboundEvent.objects.create(
                source=source, idempotency_key=key, payload=payload, headers=headers, run=run
            )
    except IntegrityError:
        # The unique (source, key) constraint decides between concurrent duplicates.
        first = (
            InboundEvent.objects.filter(source=source, idempotency_key=key)
            .values_list("run_id", flat=True)
            .first()
        )
        return JsonResponse({"runId": _text(first), "duplicate": True}, status=200)
    return JsonResponse({"runId": str(run.pk)}, status=202)


def _event_key(request: HttpRequest, target: HookTarget, body: bytes, payload: Any) -> str:
    key = None
    try:
        key = idempotency_key(target.config, payload)
    except ExpressionError as exc:
        log.warning("Idempotency key expression of workflow %s failed: %s", target.workflow, exc)
    key = key or next((request.headers[h] for h in KEY_HEADERS if request.headers.get(h)), None)
    if key is None:
        return hashlib.sha256(body).hexdigest()
    if len(key) > KEY_LENGTH:
        return hashlib.sha256(key.encode()).hexdigest()
    return key


def _check_signature(request: HttpRequest, target: HookTarget, body: bytes) -> JsonResponse | None:
    if target.signing_unavailable:
        return problem(401, "This hook requires signed calls but its signing secret is missing.")
    if target.secret is None:
        return None
    tolerance = settings.FERRY_WEBHOOK_TOLERANCE_SECONDS
    try:
        verify(target.secret, request.headers.get(SIGNATURE_HEADER), body, tolerance, time.time())
    except SignatureError as exc:
        return problem(401, str(exc))
    return None


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large(limit: int) -> JsonResponse:
    return problem(413, f"The body is larger than the {limit} bytes a webhook may carry.")


def _text(value: object) -> str | None:
    return None if value is None else str(value)
