"""The shared token cache over a store shaped like Redis: what workers of one tenant share."""

from __future__ import annotations

import json
import threading
from contextlib import AbstractContextManager
from typing import Any

from connectors.infor.ionapi import parse_ionapi
from connectors.infor.oauth import AccessToken, TokenProvider
from connectors.infor.shared_cache import SharedTokenCache
from connectors.infor.tests.samples import ionapi_text
from connectors.infor.tests.tenant import ScriptedTenant


class DictStore:
    """Redis's get/set/delete/lock, in a dict."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.locks: dict[str, threading.Lock] = {}
        self.lock_timeouts: list[float | None] = []

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        self.values[key] = value

    def delete(self, key: str) -> None:
        self.values.pop(key, None)

    def lock(self, key: str, timeout: float | None = None) -> AbstractContextManager[Any]:
        self.lock_timeouts.append(timeout)
        return self.locks.setdefault(key, threading.Lock())


def test_it_shares_one_token_between_workers_through_the_store() -> None:
    store, tenant = DictStore(), ScriptedTenant()
    ionapi = parse_ionapi(ionapi_text())
    workers = [TokenProvider(ionapi, tenant.client(), SharedTokenCache(store)) for _ in range(3)]
    assert {worker.access_token() for worker in workers} == {"token-1"}
    assert tenant.issued == 1
    [key] = [k for k in store.values if k.startswith("ferry:infor.token:")]
    assert json.loads(store.values[key])["accessToken"] == "token-1"
    assert store.lock_timeouts[0] == 30.0


def test_it_ignores_what_it_cannot_read_and_forgets_on_delete() -> None:
    store = DictStore()
    cache = SharedTokenCache(store)
    store.values["ferry:k"] = b"garbage"
    assert cache.get("k") is None
    store.values["ferry:k"] = b'{"accessToken": "t", "expiresAt": 5}'
    assert cache.get("k") == AccessToken("t", 5.0)
    cache.set("k", AccessToken("t", 10.0, "r"))
    assert cache.get("k") == AccessToken("t", 10.0, "r")
    cache.delete("k")
    assert cache.get("k") is None
