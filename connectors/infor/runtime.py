"""Where a connection's gateway is assembled, with the token cache and budget all calls share.

The defaults live in this process; the backend swaps in shared ones (Redis or the database)
with ``use_token_cache`` and ``use_request_budget`` at start-up.
"""

from __future__ import annotations

from typing import Any

import httpx

from connectors.infor.budget import RequestBudget, TokenBucket
from connectors.infor.gateway import Gateway
from connectors.infor.ionapi import Grant, IonApiFile, parse_ionapi
from connectors.infor.oauth import MemoryTokenCache, TokenCache, TokenProvider

_shared: dict[str, Any] = {"cache": MemoryTokenCache(), "budget": TokenBucket()}


def use_token_cache(cache: TokenCache) -> None:
    """Make every Infor call in this process share ``cache``."""
    _shared["cache"] = cache


def use_request_budget(budget: RequestBudget) -> None:
    """Make every Infor call in this process spend from ``budget``."""
    _shared["budget"] = budget


def token_cache() -> TokenCache:
    cache: TokenCache = _shared["cache"]
    return cache


def request_budget() -> RequestBudget:
    budget: RequestBudget = _shared["budget"]
    return budget


def ionapi_of(fields: dict[str, Any]) -> IonApiFile:
    """The parsed `.ionapi` file of a connection's fields (raises ``IonApiFileError``)."""
    return parse_ionapi(str(fields.get("ionapi") or ""))


def grant_of(fields: dict[str, Any]) -> Grant | None:
    grant = fields.get("grant")
    return grant if grant in ("password", "client_credentials") else None


def tokens_for(fields: dict[str, Any], http: httpx.Client) -> TokenProvider:
    """The token provider of a connection. Its cache key is the file's fingerprint, so every
    worker (and every node) using the same file shares one token, and a changed file a new one."""
    return TokenProvider(ionapi_of(fields), http, token_cache(), grant=grant_of(fields))


def gateway_for(fields: dict[str, Any], http: httpx.Client) -> Gateway:
    """The gateway of a connection, sharing this process's token cache and request budget."""
    tokens = tokens_for(fields, http)
    return Gateway(tokens.ionapi, http, tokens, request_budget())
