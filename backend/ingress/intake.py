"""Accepting one webhook delivery: the event and its queued run in one transaction.

Framework-free on purpose so both doors share it: the Django view (tests, WSGI) and the ASGI
fast path that serves ``POST /hooks/<token>`` without Django's request machinery.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from backend.ingress.hooks import HookTarget, hook_target
from backend.ingress.models import InboundEvent
from backend.ingress.signature import SIGNATURE_HEADER, SignatureError, verify
from backend.runs.dispatch import new_run, ring_after_commit, unsaved_run
from backend.runs.models import Run, RunMode
from workflows.expressions import ExpressionError
from workflows.nodes.triggers import idempotency_key
from workflows.sdk.webhooks import WebhookBody, WebhookBodyError

log = logging.getLogger(__name__)

KEY_HEADERS = ("idempotency-key", "x-ferry-event-id")
KEPT_HEADERS = {
    "content-type": "Content-Type",
    "user-agent": "User-Agent",
    "x-request-id": "X-Request-Id",
    "idempotency-key": "Idempotency-Key",
    "x-ferry-event-id": "X-Ferry-Event-Id",
}
KEY_LENGTH = 200
PROBLEM_TYPE = "application/problem+json"


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return PROBLEM_TYPE if self.status >= 400 else "application/json"


def problem(status: int, detail: str, **headers: str) -> Reply:
    title = HTTPStatus(status).phrase
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return Reply(status, body, headers)


def not_post() -> Reply:
    return problem(405, "Webhooks are delivered with POST.", Allow="POST")


def too_large() -> Reply:
    limit = settings.FERRY_WEBHOOK_MAX_BYTES
    return problem(413, f"The body is larger than the {limit} bytes a webhook may carry.")


@dataclass(frozen=True)
class Delivery:
    """A delivery that passed every check and is ready to store."""

    target: HookTarget
    source: str
    key: str
    payload: Any
    headers: dict[str, str]


def accept_hook(token: str, body: bytes, headers: Mapping[str, str]) -> Reply:
    """Store one delivery to ``/hooks/<token>``; ``headers`` are keyed in lower case."""
    checked = check_delivery(token, body, headers)
    return checked if isinstance(checked, Reply) else store_one(checked)


def check_delivery(token: str, body: bytes, headers: Mapping[str, str]) -> Reply | Delivery:
    """The refusal for a delivery (404, 401, 400), or the delivery ready to store."""
    target = hook_target(token)
    if target is None:
        return problem(404, "No deployed workflow with a webhook trigger has this hook URL.")
    rejected = _check_signature(target, body, headers)
    if rejected is not None:
        return rejected
    read = _read_body(target, body, headers)
    if isinstance(read, Reply):
        return read
    kept = {name: headers[lower] for lower, name in KEPT_HEADERS.items() if lower in headers}
    key = _event_key(target, body, read, headers)
    return Delivery(target, f"hook:{token}", key, read.payload, kept)


def _read_body(target: HookTarget, body: bytes, headers: Mapping[str, str]) -> Reply | WebhookBody:
    # A trigger whose senders post something else than JSON (ION's BOD XML) reads it itself.
    if target.node_type is not None:
        try:
            read = target.node_type.read_webhook(target.config, body, headers)
        except WebhookBodyError as exc:
            return problem(400, str(exc))
        if read is not None:
            return read
    try:
        return WebhookBody(json.loads(body))
    except ValueError as exc:
        return problem(400, f"The body is not valid JSON: {exc}")


def store_one(delivery: Delivery) -> Reply:
    """The event and its queued run in one transaction; a repeated key gets the first run."""
    try:
        with transaction.atomic():
            run = new_run(
                delivery.target.workflow,
                delivery.target.version,
                mode=RunMode.WEBHOOK,
                payload=delivery.payload,
                trigger_node_id=delivery.target.node_id,
            )
            _event(delivery, run).save(force_insert=True)
    except IntegrityError:
        # The unique (source, key) constraint decides between concurrent duplicates.
        first = (
            InboundEvent.objects.filter(source=delivery.source, idempotency_key=delivery.key)
            .values_list("run_id", flat=True)
            .first()
        )
        return _duplicate(first)
    return Reply(202, {"runId": str(run.pk)})


def store_many(deliveries: list[Delivery]) -> list[Reply]:
    """Store many deliveries in one transaction (group commit), each answered as if alone.

    Keys already stored are looked up first; when another process inserts one of the keys in
    between, the unique constraint refuses the group and each delivery is stored on its own.
    """
    try:
        with transaction.atomic():
            return _store_together(deliveries)
    except IntegrityError:
        return [store_one(delivery) for delivery in deliveries]


def _store_together(deliveries: list[Delivery]) -> list[Reply]:
    stored = InboundEvent.objects.filter(
        source__in={d.source for d in deliveries},
        idempotency_key__in={d.key for d in deliveries},
    ).values_list("source", "idempotency_key", "run_id")
    known: dict[tuple[str, str], Any] = {(source, key): run for source, key, run in stored}
    replies: list[Reply] = []
    runs: list[Run] = []
    events: list[InboundEvent] = []
    for delivery in deliveries:
        identity = (delivery.source, delivery.key)
        if identity in known:
            replies.append(_duplicate(known[identity]))
            continue
        run = unsaved_run(
            delivery.target.workflow,
            delivery.target.version,
            mode=RunMode.WEBHOOK,
            payload=delivery.payload,
            trigger_node_id=delivery.target.node_id,
        )
        known[identity] = run.pk
        runs.append(run)
        events.append(_event(delivery, run))
        replies.append(Reply(202, {"runId": str(run.pk)}))
    Run.objects.bulk_create(runs)
    InboundEvent.objects.bulk_create(events)
    for run in runs:
        ring_after_commit(run)
    return replies


def _event(delivery: Delivery, run: Run) -> InboundEvent:
    return InboundEvent(
        source=delivery.source,
        idempotency_key=delivery.key,
        payload=delivery.payload,
        headers=delivery.headers,
        run=run,
    )


def _duplicate(run_id: Any) -> Reply:
    return Reply(200, {"runId": None if run_id is None else str(run_id), "duplicate": True})


def _event_key(
    target: HookTarget, body: bytes, read: WebhookBody, headers: Mapping[str, str]
) -> str:
    key = None
    try:
        key = idempotency_key(target.config, read.payload)
    except ExpressionError as exc:
        log.warning("Idempotency key expression of workflow %s failed: %s", target.workflow, exc)
    key = key or read.key or next((headers[h] for h in KEY_HEADERS if headers.get(h)), None)
    if key is None:
        return hashlib.sha256(body).hexdigest()
    if len(key) > KEY_LENGTH:
        return hashlib.sha256(key.encode()).hexdigest()
    return key


def _check_signature(target: HookTarget, body: bytes, headers: Mapping[str, str]) -> Reply | None:
    if target.signing_unavailable:
        return problem(401, "This hook requires signed calls but its signing secret is missing.")
    if target.secret is None:
        return None
    tolerance = settings.FERRY_WEBHOOK_TOLERANCE_SECONDS
    signature = headers.get(SIGNATURE_HEADER.lower())
    try:
        verify(target.secret, signature, body, tolerance, time.time())
    except SignatureError as exc:
        return problem(401, str(exc))
    return None
