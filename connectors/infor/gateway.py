"""Calls through the ION API gateway: bearer token, request budget, and its status codes.

Product suites (M3 today, CSI and LN later) build on ``Gateway.open``; nothing here knows M3.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx

from connectors.infor.budget import RequestBudget
from connectors.infor.ionapi import IonApiFile
from connectors.infor.oauth import TokenProvider

PERMANENT_MESSAGES = {
    401: "The ION API gateway rejected the access token even after a fresh one was obtained; "
    "check that the authorized app is enabled and the service account is active.",
    403: "The ION API gateway refused the call: the authorized app or user is not entitled "
    "to this API.",
    404: "The ION API gateway does not know this path: wrong URL, or the suite is not deployed "
    "for the tenant.",
    405: "The ION API gateway does not allow this HTTP method on this endpoint.",
}
TRANSIENT_MESSAGES = {
    429: "The tenant's ION API quota is used up for now.",
    502: "The ION API gateway could not reach the product behind it.",
    503: "The ION API gateway or the product behind it is unavailable.",
    504: "The product behind the ION API gateway did not answer in time (gateway timeout).",
}


class GatewayError(Exception):
    """A call that failed at the gateway or on the way to it.

    ``transient`` says whether the same call may succeed later; ``retry_after`` is the wait the
    gateway asked for (seconds), when it said; ``request_sent`` is False when the request never
    left this machine, which makes even an unsafe call safe to repeat.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None,
        transient: bool,
        retry_after: float | None = None,
        request_sent: bool = True,
        kind: str = "http",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.transient = transient
        self.retry_after = retry_after
        self.request_sent = request_sent
        self.kind = kind
        """``http`` (a status from the gateway), ``timeout``, ``connection`` or ``budget``."""


class Gateway:
    """One `.ionapi` identity's door to its tenant."""

    def __init__(
        self,
        ionapi: IonApiFile,
        http: httpx.Client,
        tokens: TokenProvider,
        budget: RequestBudget | None = None,
        *,
        passthrough: frozenset[int] = frozenset({400}),
    ) -> None:
        self.ionapi = ionapi
        self.http = http
        self.tokens = tokens
        self.budget = budget
        self.passthrough = passthrough
        """Statuses the product layer reads itself (M3 puts its error envelope in a 400)."""

    def url(self, path: str) -> str:
        return f"{self.ionapi.api_base}/{path.lstrip('/')}"

    def open(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """Send a request and return the response with its body unread (the caller closes it).

        Raises ``GatewayError`` for every status except 2xx and ``passthrough``.
        """
        self._spend_budget()
        token = self.tokens.access_token()
        response = self._send(method, path, params, json, token)
        if response.status_code == 401:
            response.close()
            token = self.tokens.renew_after_rejection(token)
            self._spend_budget()
            response = self._send(method, path, params, json, token)
        if response.status_code < 300 or response.status_code in self.passthrough:
            return response
        response.close()
        raise error_for_status(response)

    def request(
        self, method: str, path: str, *, params: dict[str, str] | None = None, json: Any = None
    ) -> httpx.Response:
        """Like ``open`` with the body read."""
        response = self.open(method, path, params=params, json=json)
        try:
            response.read()
        finally:
            response.close()
        return response

    def _spend_budget(self) -> None:
        if self.budget is None:
            return
        wait = self.budget.take(self.ionapi.tenant)
        if wait > 0:
            raise GatewayError(
                f"Ferry's request budget for tenant {self.ionapi.tenant} is spent; "
                f"next call allowed in {wait:.1f} s.",
                status=None,
                transient=True,
                retry_after=wait,
                request_sent=False,
                kind="budget",
            )

    def _send(
        self, method: str, path: str, params: dict[str, str] | None, json: Any, token: str
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        request = self.http.build_request(
            method, self.url(path), params=params, json=json, headers=headers
        )
        try:
            return self.http.send(request, stream=True)
        except httpx.TimeoutException as exc:
            sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            raise GatewayError(
                f"The ION API gateway did not answer in time ({type(exc).__name__}).",
                status=None,
                transient=True,
                request_sent=sent,
                kind="timeout",
            ) from None
        except httpx.TransportError as exc:
            raise GatewayError(
                f"The ION API gateway could not be reached: {exc}.",
                status=None,
                transient=True,
                request_sent=not isinstance(exc, httpx.ConnectError),
                kind="connection",
            ) from None


def error_for_status(response: httpx.Response) -> GatewayError:
    """Classify a gateway status: quota and availability are transient, the rest permanent."""
    status = response.status_code
    if status in PERMANENT_MESSAGES:
        return GatewayError(PERMANENT_MESSAGES[status], status=status, transient=False)
    transient = status in TRANSIENT_MESSAGES or status >= 500
    message = TRANSIENT_MESSAGES.get(status) or (
        f"The ION API gateway answered HTTP {status}."
        if transient
        else f"The ION API gateway refused the request (HTTP {status})."
    )
    return GatewayError(
        message,
        status=status,
        transient=transient,
        retry_after=retry_after(response.headers.get("Retry-After")) if transient else None,
    )


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta seconds or an HTTP date), when present."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))
