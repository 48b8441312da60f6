"""Concurrency and rate limits per connection, shared by every worker, and its paused switch.

``ConnectionGate.enter`` grants a call slot or says how long to wait; the engine then suspends
the run (no worker is held) and tries again after the wait. The counters live in Redis when
``REDIS_URL`` is set (one Lua script, atomic across workers), in the database otherwise (a row
lock on the connection's limit). Connections without a limit row cost one cached lookup.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction

from backend.connections.models import Connection
from backend.durability.models import ConnectionLimit, ConnectionSlot

PAUSED_RECHECK_SECONDS = 30.0
"""How long a run through a paused connection waits before looking again (resuming the
connection re-rings its runs at once)."""
BUSY_RECHECK_SECONDS = 0.5
SLOT_TTL_SECONDS = 600.0
"""A slot whose holder died is forgotten after this long."""
CACHE_SECONDS = 2.0

_REDIS_ENTER = """
local now = tonumber(ARGV[1])
local max_in_flight = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if max_in_flight > 0 and redis.call('ZCARD', KEYS[1]) >= max_in_flight then
  return tostring(-1)
end
if rate > 0 then
  local bucket = redis.call('HMGET', KEYS[2], 'tokens', 'at')
  local tokens = tonumber(bucket[1]) or rate
  local at = tonumber(bucket[2]) or now
  tokens = math.min(math.max(rate, 1), tokens + (now - at) * rate)
  if tokens < 1 then
    redis.call('HSET', KEYS[2], 'tokens', tokens, 'at', now)
    return tostring((1 - tokens) / rate)
  end
  redis.call('HSET', KEYS[2], 'tokens', tokens - 1, 'at', now)
  redis.call('EXPIRE', KEYS[2], 3600)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[5]), ARGV[4])
redis.call('EXPIRE', KEYS[1], 3600)
return tostring(0)
"""


class ConnectionGate:
    """The engine's ``connection_gate`` (see ``workflows.executor.ConnectionGate``)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, bool, ConnectionLimit | None]] = {}
        self._held: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._lock = threading.Lock()
        self._redis: Any = None

    def enter(self, connection_id: str) -> float | None:
        paused, limit = self._rules(connection_id)
        if paused:
            return PAUSED_RECHECK_SECONDS
        if limit is None:
            return None
        holder = uuid.uuid4().hex
        wait = (
            self._enter_redis(connection_id, limit, holder)
            if settings.REDIS_URL
            else self._enter_db(connection_id, limit, holder)
        )
        if wait is None:
            with self._lock:
                self._held[(threading.get_ident(), connection_id)].append(holder)
        return wait

    def leave(self, connection_id: str) -> None:
        with self._lock:
            held = self._held.get((threading.get_ident(), connection_id))
            holder = held.pop() if held else None
        if holder is None:
            return
        if settings.REDIS_URL:
            self._client().zrem(_slots_key(connection_id), holder)
        else:
            ConnectionSlot.objects.filter(holder=holder).delete()

    def forget(self) -> None:
        """Drop cached rules (after a user changes a limit or pauses a connection)."""
        with self._lock:
            self._cache.clear()

    def _rules(self, connection_id: str) -> tuple[bool, ConnectionLimit | None]:
        now = time.monotonic()
        cached = self._cache.get(connection_id)
        if cached is not None and cached[0] > now:
            return cached[1], cached[2]
        paused = bool(
            Connection.objects.filter(pk=connection_id).values_list("paused", flat=True).first()
        )
        limit = ConnectionLimit.objects.filter(connection_id=connection_id).first()
        if limit is not None and not (limit.max_in_flight or limit.calls_per_second):
            limit = None
        with self._lock:
            self._cache[connection_id] = (now + CACHE_SECONDS, paused, limit)
        return paused, limit

    def _enter_db(self, connection_id: str, limit: ConnectionLimit, holder: str) -> float | None:
        now = time.time()
        with transaction.atomic():
            row = ConnectionLimit.objects.select_for_update().get(pk=limit.pk)
            slots = ConnectionSlot.objects.filter(connection_id=connection_id)
            slots.filter(expires_at__lt=now).delete()
            if row.max_in_flight and slots.count() >= row.max_in_flight:
                return BUSY_RECHECK_SECONDS
            if row.calls_per_second:
                rate = row.calls_per_second
                tokens = _refilled(row.tokens, row.refilled_at, rate, now)
                if tokens < 1:
                    row.tokens, row.refilled_at = tokens, now
                    row.save(update_fields=["tokens", "refilled_at"])
                    return (1 - tokens) / rate
                row.tokens, row.refilled_at = tokens - 1, now
                row.save(update_fields=["tokens", "refilled_at"])
            ConnectionSlot.objects.create(
                connection_id=connection_id, holder=holder, expires_at=now + SLOT_TTL_SECONDS
            )
        return None

    def _enter_redis(self, connection_id: str, limit: ConnectionLimit, holder: str) -> float | None:
        answer = self._client().eval(
            _REDIS_ENTER,
            2,
            _slots_key(connection_id),
            _bucket_key(connection_id),
            time.time(),
            limit.max_in_flight or 0,
            limit.calls_per_second or 0,
            holder,
            SLOT_TTL_SECONDS,
        )
        wait = float(answer)
        if wait == 0:
            return None
        return BUSY_RECHECK_SECONDS if wait < 0 else wait

    def usage(self, connection_id: str) -> dict[str, Any] | None:
        """The connection's limits and how much of them is used now; ``None`` without limits.

        ``callsLastSecond`` is the spent part of the one-second token bucket (its size minus the
        tokens left after refilling to now), which is what the next call is judged against.
        """
        limit = ConnectionLimit.objects.filter(connection_id=connection_id).first()
        if limit is None or not (limit.max_in_flight or limit.calls_per_second):
            return None
        now = time.time()
        rate = limit.calls_per_second or 0.0
        if settings.REDIS_URL:
            client = self._client()
            in_flight = int(client.zcount(_slots_key(connection_id), f"({now}", "+inf"))
            tokens, at = client.hmget(_bucket_key(connection_id), "tokens", "at")
            left = _refilled(float(tokens), float(at), rate, now) if tokens and at else None
        else:
            slots = ConnectionSlot.objects.filter(connection_id=connection_id)
            in_flight = slots.filter(expires_at__gte=now).count()
            left = _refilled(limit.tokens, limit.refilled_at, rate, now) if rate else None
        spent = max(0.0, max(rate, 1.0) - left) if rate and left is not None else 0.0
        return {
            "maxInFlight": limit.max_in_flight,
            "callsPerSecond": limit.calls_per_second,
            "inFlight": in_flight,
            "callsLastSecond": round(spent, 2),
        }

    def _client(self) -> Any:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(settings.REDIS_URL)
        return self._redis


def _slots_key(connection_id: str) -> str:
    return f"ferry:slots:{connection_id}"


def _bucket_key(connection_id: str) -> str:
    return f"ferry:bucket:{connection_id}"


def _refilled(tokens: float, refilled_at: float, rate: float, now: float) -> float:
    """Tokens in a bucket of one second's burst after refilling it from ``refilled_at`` to now."""
    elapsed = max(0.0, now - refilled_at) if refilled_at else rate
    return min(max(rate, 1.0), tokens + elapsed * rate)


gate = ConnectionGate()
