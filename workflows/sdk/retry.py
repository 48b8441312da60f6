"""Retry policy: how many times and how far apart the engine retries a failing node."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RetryPolicy:
    """Declared by a node type as its default; a workflow node may override any field."""

    maximum_attempts: int = 3
    """Total attempts including the first; 1 means never retry."""
    initial_interval: float = 1.0
    """Seconds before the second attempt."""
    backoff_coefficient: float = 2.0
    """Each further wait is the previous one times this."""
    maximum_interval: float = 300.0
    """Upper bound of a single wait, in seconds."""
    jitter: float = 0.1
    """Fraction of the wait added or removed at random, so retries of many runs spread out."""
    non_retryable_codes: tuple[str, ...] = field(default_factory=tuple)
    """Error codes that end the node at once whatever the node says."""
    retryable_codes: tuple[str, ...] = field(default_factory=tuple)
    """Error codes retried even though the node did not flag them retryable, e.g.
    ``node.crashed`` for a library known to fail now and then."""

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        base = self.initial_interval * self.backoff_coefficient ** max(attempt - 1, 0)
        base = min(base, self.maximum_interval)
        spread = base * self.jitter
        return max(0.0, base + (rng or random).uniform(-spread, spread))

    def allows_retry(self, attempt: int, code: str, retryable: bool) -> bool:
        """Whether a failure of ``attempt`` with ``code`` gets another attempt."""
        return (
            (retryable or code in self.retryable_codes)
            and code not in self.non_retryable_codes
            and attempt < self.maximum_attempts
        )

    def merged(self, override: dict[str, Any] | None) -> RetryPolicy:
        """This policy with the fields a workflow node overrides (camelCase or snake_case)."""
        if not override:
            return self
        names = {
            "maximumAttempts": "maximum_attempts",
            "initialInterval": "initial_interval",
            "backoffCoefficient": "backoff_coefficient",
            "maximumInterval": "maximum_interval",
            "nonRetryableCodes": "non_retryable_codes",
            "retryableCodes": "retryable_codes",
        }
        values = {**self.to_json_fields()}
        for key, value in override.items():
            name = names.get(key, key)
            if name in values:
                values[name] = tuple(value) if name.endswith("_codes") else value
        return RetryPolicy(**values)

    def to_json_fields(self) -> dict[str, Any]:
        return {
            "maximum_attempts": self.maximum_attempts,
            "initial_interval": self.initial_interval,
            "backoff_coefficient": self.backoff_coefficient,
            "maximum_interval": self.maximum_interval,
            "jitter": self.jitter,
            "non_retryable_codes": self.non_retryable_codes,
            "retryable_codes": self.retryable_codes,
        }

    def to_json(self) -> dict[str, Any]:
        """The camelCase form served to the API and the canvas."""
        return {
            "maximumAttempts": self.maximum_attempts,
            "initialInterval": self.initial_interval,
            "backoffCoefficient": self.backoff_coefficient,
            "maximumInterval": self.maximum_interval,
            "jitter": self.jitter,
            "nonRetryableCodes": list(self.non_retryable_codes),
            "retryableCodes": list(self.retryable_codes),
        }


NO_RETRY = RetryPolicy(maximum_attempts=1)
