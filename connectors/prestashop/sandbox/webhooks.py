"""Signed webhooks, byte for byte what the Ferry PrestaShop module sends.

``X-Ferry-Signature: t=<unix>,v1=<hex hmac_sha256(secret, f"{t}.{raw_body}")>`` and
``X-Ferry-Event-Id``; the payload format is in ``docs/prestashop-webhooks.md``. Events wait in an
outbox until the receiver answers 2xx, like the module's outbox table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

EVENTS = (
    "order.created",
    "order.status_changed",
    "customer.created",
    "customer.updated",
    "address.created",
    "address.updated",
    "product.updated",
    "stock.changed",
)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Ferry-Signature`` value for ``body`` sent at ``timestamp``."""
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def payload(
    event: str, entity_type: str, entity_id: int, data: dict[str, Any], shop: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "event": event,
        "occurredAt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "shop": shop,
        "entity": {"type": entity_type, "id": entity_id},
        "data": data,
    }


@dataclass
class WebhookSender:
    """Where to send which events; ``outbox`` keeps what the receiver has not acknowledged."""

    url: str = ""
    secret: str = ""
    events: tuple[str, ...] = EVENTS
    outbox: list[dict[str, Any]] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def enqueue(self, event: dict[str, Any]) -> None:
        if self.url and event["event"] in self.events:
            with self.lock:
                self.outbox.append(event)

    def flush(self, http: httpx.Client | None = None, now: int | None = None) -> int:
        """POST every waiting event once; returns how many were acknowledged."""
        if http is None:
            with httpx.Client(timeout=5.0) as client:
                return self.flush(client, now)
        client = http
        acknowledged = 0
        with self.lock:
            waiting = list(self.outbox)
        for event in waiting:
            body = json.dumps(event, separators=(",", ":")).encode()
            timestamp = now if now is not None else int(datetime.now(UTC).timestamp())
            headers = {
                "Content-Type": "application/json",
                "X-Ferry-Event-Id": event["id"],
                "X-Ferry-Signature": sign(self.secret, timestamp, body),
            }
            try:
                response = client.post(self.url, content=body, headers=headers)
            except httpx.HTTPError:
                continue
            if 200 <= response.status_code < 300:
                acknowledged += 1
                with self.lock:
                    self.outbox.remove(event)
                    self.delivered.append(event["id"])
        return acknowledged
