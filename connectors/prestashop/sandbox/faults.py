"""Fault injection per endpoint, set through the admin API: latency, 5xx, timeouts, 401, 429."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Fault:
    """What to do to requests whose resource matches ``resource`` (``*`` for every one)."""

    resource: str = "*"
    latency: float = 0.0
    """Seconds added before answering."""
    error_rate: float = 0.0
    """Share of requests (0-1) answered with ``error_status``."""
    error_status: int = 503
    timeout: float = 0.0
    """Seconds to hang before answering 504, longer than a client's timeout."""
    unauthorized: bool = False
    """Answer 401 as the shop does for a key it does not know."""
    strip_authorization: bool = False
    """Drop the Authorization header, as PHP-CGI/FPM hosts without the .htaccess rule do."""
    rate_limit_after: float | None = None
    """When set, answer 429 with this ``Retry-After`` (seconds)."""
    remaining: int | None = None
    """How many requests the fault still applies to; None is forever."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        return cls(
            resource=str(data.get("resource", "*")),
            latency=float(data.get("latency", 0)),
            error_rate=float(data.get("errorRate", 0)),
            error_status=int(data.get("errorStatus", 503)),
            timeout=float(data.get("timeout", 0)),
            unauthorized=bool(data.get("unauthorized", False)),
            strip_authorization=bool(data.get("stripAuthorization", False)),
            rate_limit_after=(
                float(data["retryAfter"]) if data.get("retryAfter") is not None else None
            ),
            remaining=int(data["count"]) if data.get("count") is not None else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "latency": self.latency,
            "errorRate": self.error_rate,
            "errorStatus": self.error_status,
            "timeout": self.timeout,
            "unauthorized": self.unauthorized,
            "stripAuthorization": self.strip_authorization,
            "retryAfter": self.rate_limit_after,
            "count": self.remaining,
        }


@dataclass
class FaultBook:
    """The faults in force; a seeded random source keeps error rates reproducible."""

    faults: list[Fault] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def matching(self, resource: str) -> Fault | None:
        for fault in self.faults:
            if fault.resource in ("*", resource) and fault.remaining != 0:
                if fault.remaining is not None:
                    fault.remaining -= 1
                return fault
        return None

    def fails(self, fault: Fault) -> bool:
        return fault.error_rate > 0 and self.rng.random() < fault.error_rate
