"""The sandbox's clock: virtual time that tests move by hand, or that runs at a chosen speed."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

DEFAULT_START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).timestamp()


class SandboxClock:
    """``speed`` 0 means time moves only through ``advance``; 1 follows the wall clock."""

    def __init__(self, start: float = DEFAULT_START, speed: float = 0.0) -> None:
        self._start = start
        self._offset = 0.0
        self._speed = speed
        self._since = time.monotonic()
        self._lock = threading.Lock()

    @property
    def speed(self) -> float:
        return self._speed

    def restarted(self) -> SandboxClock:
        """A clock back at this one's start, running at the same speed."""
        return SandboxClock(self._start, self._speed)

    def now(self) -> float:
        with self._lock:
            return self._start + self._offset + (time.monotonic() - self._since) * self._speed

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("The sandbox clock only moves forward.")
        with self._lock:
            self._offset += seconds
        return self.now()

    def date(self, moment: float | None = None) -> str:
        """``yyyyMMdd``, M3's YMD8 date format."""
        return datetime.fromtimestamp(self.now() if moment is None else moment, UTC).strftime(
            "%Y%m%d"
        )

    def hhmm(self, moment: float | None = None) -> str:
        return datetime.fromtimestamp(self.now() if moment is None else moment, UTC).strftime(
            "%H%M"
        )

    def iso(self) -> str:
        return datetime.fromtimestamp(self.now(), UTC).isoformat().replace("+00:00", "Z")
