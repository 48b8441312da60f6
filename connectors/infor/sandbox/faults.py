"""Injected failures: latency, 5xx, gateway timeouts, 429s and outage windows."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any

from connectors.infor.sandbox.typed import problems


@dataclass
class Faults:
    latency: float = 0.0
    """Seconds added to every gateway call; past the gateway timeout it becomes a 504."""
    error_rate: float = 0.0
    """Share of calls answered with ``error_status``."""
    error_status: int = 503
    timeout_rate: float = 0.0
    """Share of calls answered 504 (as if M3 had not answered within the gateway timeout)."""
    throttle_rate: float = 0.0
    """Share of calls answered 429 although the quota is not spent."""
    outage_from: float | None = None
    outage_until: float | None = None
    """Sandbox-clock epoch seconds during which every call gets 503."""
    next_statuses: list[int] = field(default_factory=list)
    """Statuses answered to the next calls, one each, before anything else: exact scripts."""
    seed: int = 7

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def pick(self, now: float) -> int | None:
        """The status to answer instead of the real one, or None."""
        if self.next_statuses:
            return self.next_statuses.pop(0)
        if self.outage_from is not None and self.outage_from <= now < (
            self.outage_until or now + 1
        ):
            return 503
        roll = self._rng.random()
        for rate, status in (
            (self.timeout_rate, 504),
            (self.throttle_rate, 429),
            (self.error_rate, self.error_status),
        ):
            if roll < rate:
                return status
            roll -= rate
        return None

    def update(self, changes: dict[str, Any]) -> list[str]:
        """Apply the changes when every key is known and typed right; else apply none and
        return the problems."""
        found = problems(self, changes)
        if found:
            return found
        for name, value in changes.items():
            setattr(self, name, list(value) if name == "next_statuses" else value)
        if "seed" in changes:
            self._rng = random.Random(self.seed)
        return []

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
