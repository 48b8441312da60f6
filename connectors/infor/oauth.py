"""OAuth 2.0 against the ION API authorization server, with one cached token per connection.

The tenant allows about 20 token requests a minute, so a token is requested only when the
cache holds none, when it is about to expire, or once after the gateway answered 401.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from connectors.infor.ionapi import Grant, IonApiFile

DEFAULT_LIFETIME = 7200.0
"""Seconds assumed when the token response carries no usable ``expires_in``."""


@dataclass(frozen=True)
class AccessToken:
    """A bearer token and when it stops working (epoch seconds)."""

    access_token: str
    expires_at: float
    refresh_token: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "accessToken": self.access_token,
            "expiresAt": self.expires_at,
            "refreshToken": self.refresh_token,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AccessToken:
        return cls(data["accessToken"], float(data["expiresAt"]), data.get("refreshToken"))


class TokenCache(Protocol):
    """Where tokens live so that every worker of a connection shares one.

    ``lock`` serialises token requests for one key, so that many workers finding an expired
    token make one request, not one each.
    """

    def get(self, key: str) -> AccessToken | None: ...

    def set(self, key: str, token: AccessToken) -> None: ...

    def delete(self, key: str) -> None: ...

    def lock(self, key: str) -> AbstractContextManager[None]: ...


class MemoryTokenCache:
    """A TokenCache for one process: the default, and what tests use."""

    def __init__(self) -> None:
        self._tokens: dict[str, AccessToken] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: str) -> AccessToken | None:
        return self._tokens.get(key)

    def set(self, key: str, token: AccessToken) -> None:
        self._tokens[key] = token

    def delete(self, key: str) -> None:
        self._tokens.pop(key, None)

    @contextmanager
    def lock(self, key: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            yield


class OAuthError(Exception):
    """The authorization server refused or could not be reached."""

    def __init__(
        self, message: str, *, status: int | None = None, error: str = "", transient: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error = error
        self.transient = transient


class TokenProvider:
    """Hands out a valid access token for one `.ionapi` identity."""

    def __init__(
        self,
        ionapi: IonApiFile,
        http: httpx.Client,
        cache: TokenCache,
        *,
        grant: Grant | None = None,
        cache_key: str | None = None,
        refresh_margin: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.ionapi = ionapi
        self.http = http
        self.cache = cache
        self.grant: Grant = grant or ionapi.grant
        self.key = "infor.token:" + (cache_key or ionapi.fingerprint())
        self.refresh_margin = refresh_margin
        self.clock = clock

    def access_token(self) -> str:
        """A token valid for at least ``refresh_margin`` seconds (or the best one obtainable)."""
        cached = self.cache.get(self.key)
        if cached and self._fresh(cached):
            return cached.access_token
        with self.cache.lock(self.key):
            cached = self.cache.get(self.key)
            if cached and self._fresh(cached):
                return cached.access_token
            return self._renew(cached).access_token

    def renew_after_rejection(self, rejected: str) -> str:
        """The gateway answered 401 to ``rejected``: get a new token, unless another worker
        already has."""
        with self.cache.lock(self.key):
            cached = self.cache.get(self.key)
            if cached and cached.access_token != rejected and self._fresh(cached):
                return cached.access_token
            if cached and cached.access_token == rejected:
                # The server no longer honours this token, so do not trust its refresh either.
                cached = AccessToken(cached.access_token, 0.0, cached.refresh_token)
            return self._renew(cached).access_token

    def revoke(self) -> None:
        """Revoke the cached grant (on credential change or deletion) and forget it."""
        with self.cache.lock(self.key):
            cached = self.cache.get(self.key)
            self.cache.delete(self.key)
        if cached is None:
            return
        token, hint = (
            (cached.refresh_token, "refresh_token")
            if cached.refresh_token
            else (cached.access_token, "access_token")
        )
        response = self._post(
            self.ionapi.revoke_url, {"token": token, "token_type_hint": hint}, basic=True
        )
        if response.status_code >= 400:
            raise _error_from(response, "revoke the token")

    def _fresh(self, token: AccessToken) -> bool:
        return token.expires_at - self.refresh_margin > self.clock()

    def _renew(self, cached: AccessToken | None) -> AccessToken:
        if cached and cached.refresh_token:
            try:
                token = self._request(
                    {"grant_type": "refresh_token", "refresh_token": cached.refresh_token},
                    basic=True,
                    previous_refresh=cached.refresh_token,
                )
            except OAuthError as exc:
                if exc.transient:
                    raise
                token = self._request(self._grant_form(), basic=False)
        else:
            token = self._request(self._grant_form(), basic=False)
        self.cache.set(self.key, token)
        return token

    def _grant_form(self) -> dict[str, str]:
        form = {
            "grant_type": self.grant,
            "client_id": self.ionapi.client_id,
            "client_secret": self.ionapi.client_secret,
        }
        if self.grant == "password":
            form["username"] = self.ionapi.service_account_access_key
            form["password"] = self.ionapi.service_account_secret_key
        return form

    def _request(
        self, form: dict[str, str], *, basic: bool, previous_refresh: str | None = None
    ) -> AccessToken:
        response = self._post(self.ionapi.token_url, form, basic=basic)
        if response.status_code >= 400:
            raise _error_from(response, "obtain an access token")
        try:
            body = response.json()
            access = str(body["access_token"])
        except (ValueError, KeyError, TypeError):
            raise OAuthError(
                "The token endpoint answered without an access_token.",
                status=response.status_code,
            ) from None
        lifetime = _seconds(body.get("expires_in"))
        refresh = body.get("refresh_token") or previous_refresh
        return AccessToken(access, self.clock() + lifetime, refresh)

    def _post(self, url: str, form: dict[str, str], *, basic: bool) -> httpx.Response:
        auth = (self.ionapi.client_id, self.ionapi.client_secret) if basic else None
        try:
            return self.http.post(
                url, data=form, auth=auth or httpx.USE_CLIENT_DEFAULT, headers=_ACCEPT_JSON
            )
        except httpx.TransportError as exc:
            raise OAuthError(
                f"The ION API authorization server could not be reached: {exc}.", transient=True
            ) from None


_ACCEPT_JSON = {"Accept": "application/json"}


def _seconds(value: Any) -> float:
    # Infor's own CLI types expires_in as a string; accept numbers and numeric strings.
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return DEFAULT_LIFETIME
    return seconds if seconds > 0 else DEFAULT_LIFETIME


def _error_from(response: httpx.Response, action: str) -> OAuthError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = str(body.get("error", "")) if isinstance(body, dict) else ""
    description = str(body.get("error_description", "")) if isinstance(body, dict) else ""
    status = response.status_code
    transient = status == 429 or status >= 500
    said = " ".join(part for part in (error, description and f"- {description}") if part)
    detail = f" {said}" if said else ""
    return OAuthError(
        f"Could not {action} (HTTP {status}{detail}).",
        status=status,
        error=error,
        transient=transient,
    )
