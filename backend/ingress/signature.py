"""Webhook signatures: ``X-Ferry-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>``."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Ferry-Signature"


class SignatureError(Exception):
    """The call is not signed with the workflow's secret, or the signature is too old."""


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value a sender puts on ``body``; used by tests, the bench and senders' docs."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={_digest(secret, t, body)}"


def verify(secret: str, header: str | None, body: bytes, tolerance: int, now: float) -> None:
    """Raise SignatureError unless ``header`` signs ``body`` with ``secret`` within ``tolerance``.

    Several ``v1`` values may be given, so a sender can sign with an old and a new secret while
    the secret is being rotated.
    """
    if not header:
        raise SignatureError(f"The {SIGNATURE_HEADER} header is missing.")
    timestamp, candidates = _parse(header)
    if abs(now - timestamp) > tolerance:
        raise SignatureError(
            f"The signature timestamp is more than {tolerance} seconds away from now."
        )
    expected = _digest(secret, timestamp, body)
    # compare_digest on every candidate so timing does not tell which one was close.
    matches = [hmac.compare_digest(expected, candidate) for candidate in candidates]
    if not any(matches):
        raise SignatureError("The signature does not match the body.")


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    candidates = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            candidates.append(value.lower())
    if timestamp is None or not candidates:
        raise SignatureError(f"The {SIGNATURE_HEADER} header must look like t=<unix>,v1=<hex>.")
    return timestamp, candidates


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
