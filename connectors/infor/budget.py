"""A per-tenant request budget (token bucket) that keeps all workers under the tenant's quota."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

DEFAULT_RATE_PER_MINUTE = 2400.0
"""Under the 3,000 calls a minute of Infor OS's smallest published tier, leaving headroom."""
DEFAULT_BURST = 50.0


class RequestBudget(Protocol):
    """Shared by every worker calling one tenant; the backend supplies one kept in Redis."""

    def take(self, tenant: str) -> float:
        """Spend one request. Returns 0 when allowed, else the seconds until one will be."""
        ...


class TokenBucket:
    """An in-process RequestBudget: ``burst`` requests at once, refilled at ``per_minute``."""

    def __init__(
        self,
        per_minute: float = DEFAULT_RATE_PER_MINUTE,
        burst: float = DEFAULT_BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("A request budget needs a positive rate and a burst of at least 1.")
        self.rate = per_minute / 60.0
        self.burst = burst
        self.clock = clock
        self._levels: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, tenant: str) -> float:
        with self._lock:
            now = self.clock()
            level, since = self._levels.get(tenant, (self.burst, now))
            level = min(self.burst, level + (now - since) * self.rate)
            if level >= 1:
                self._levels[tenant] = (level - 1, now)
                return 0.0
            self._levels[tenant] = (level, now)
            return (1 - level) / self.rate


class CounterStore(Protocol):
    """Redis's INCR and EXPIRE, under their redis-py names."""

    def incr(self, key: str) -> int: ...

    def expire(self, key: str, seconds: int) -> Any: ...


class SharedMinuteBudget:
    """A RequestBudget every worker shares through a Redis-style counter per tenant and minute.

    A fixed window rather than a bucket: two atomic commands, no script, and the gateway's own
    quota policies count per time window too.
    """

    def __init__(
        self,
        store: CounterStore,
        per_minute: int = int(DEFAULT_RATE_PER_MINUTE),
        prefix: str = "ferry:infor.budget:",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.per_minute = per_minute
        self.prefix = prefix
        self.clock = clock

    def take(self, tenant: str) -> float:
        now = self.clock()
        minute = int(now // 60)
        key = f"{self.prefix}{tenant}:{minute}"
        spent = int(self.store.incr(key))
        if spent == 1:
            self.store.expire(key, 120)
        if spent <= self.per_minute:
            return 0.0
        return (minute + 1) * 60 - now
