"""A TokenCache over any shared key-value store with locks (Redis, Django's cache), so the
backend plugs in its store without knowing how tokens are kept."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any, Protocol

from connectors.infor.oauth import AccessToken

LOCK_SECONDS = 30.0
"""How long a token request may hold the lock before another worker may try."""


class SharedStore(Protocol):
    """The few calls Redis (and Django's cache backends) offer under these names."""

    def get(self, key: str, /) -> Any: ...

    def set(self, key: str, value: Any, /) -> Any: ...

    def delete(self, key: str, /) -> Any: ...

    def lock(self, key: str, timeout: float | None = None) -> AbstractContextManager[Any]: ...


class SharedTokenCache:
    """Tokens as JSON under ``prefix + key``, kept until replaced or deleted: the refresh
    token inside outlives the access token."""

    def __init__(self, store: SharedStore, prefix: str = "ferry:") -> None:
        self.store = store
        self.prefix = prefix

    def get(self, key: str) -> AccessToken | None:
        value = self.store.get(self.prefix + key)
        try:
            if isinstance(value, bytes | str):
                value = json.loads(value)
            return AccessToken.from_json(value) if isinstance(value, dict) else None
        except (KeyError, TypeError, ValueError):
            return None

    def set(self, key: str, token: AccessToken) -> None:
        # Redis keeps bytes, so the token travels as JSON text.
        self.store.set(self.prefix + key, json.dumps(token.to_json()))

    def delete(self, key: str) -> None:
        self.store.delete(self.prefix + key)

    def lock(self, key: str) -> AbstractContextManager[Any]:
        return self.store.lock(self.prefix + key + ":lock", timeout=LOCK_SECONDS)
