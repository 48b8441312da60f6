"""Infor's token cache and request budget for this process, shared through Redis when there is one.

The ION API gateway allows about 20 token requests a minute and a tenant-wide request quota, so
every worker must share one token per connection and one budget per tenant. With ``REDIS_URL``
(Celery workers, several web processes) both live in Redis; without it Ferry runs embedded in
one process, where the process-wide in-memory ones are already shared by every thread.
"""

from __future__ import annotations

import redis
from django.conf import settings

from connectors.infor.budget import SharedMinuteBudget, TokenBucket
from connectors.infor.oauth import MemoryTokenCache
from connectors.infor.runtime import use_request_budget, use_token_cache
from connectors.infor.shared_cache import SharedTokenCache

PREFIX = "ferry:infor:"


def install(redis_url: str | None = None) -> str:
    """Install the shared cache and budget; returns where they live (``redis`` or ``memory``)."""
    url = settings.REDIS_URL if redis_url is None else redis_url
    if url:
        store = redis.Redis.from_url(url)
        use_token_cache(SharedTokenCache(store, prefix=PREFIX + "token:"))
        use_request_budget(SharedMinuteBudget(store, prefix=PREFIX + "budget:"))
        return "redis"
    use_token_cache(MemoryTokenCache())
    use_request_budget(TokenBucket())
    return "memory"
