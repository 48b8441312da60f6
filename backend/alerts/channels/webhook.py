"""Alerts as signed JSON posts, signed the way Ferry's own webhook ingress checks signatures."""

from __future__ import annotations

import json
from typing import Any

import httpx

from backend.alerts.channels.errors import DeliveryError
from backend.alerts.messages import AlertMessage
from backend.ingress.signature import SIGNATURE_HEADER, sign


def send(settings: dict[str, Any], message: AlertMessage, http: httpx.Client) -> None:
    body = json.dumps(message.to_json(), separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Ferry alerts"}
    if settings.get("secret"):
        headers[SIGNATURE_HEADER] = sign(settings["secret"], body)
    post(http, settings["url"], content=body, headers=headers)


def post(http: httpx.Client, url: str, **kwargs: Any) -> None:
    """POST and accept any 2xx; anything else is a DeliveryError naming the answer."""
    try:
        response = http.post(url, **kwargs)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"The alert could not be posted: {exc or type(exc).__name__}") from exc
    if not response.is_success:
        raise DeliveryError(f"The receiver answered {response.status_code}: {response.text[:200]}")
