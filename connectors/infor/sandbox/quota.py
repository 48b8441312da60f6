"""A per-minute quota in a sliding window of wall-clock time, as the gateway's quota policies."""

from __future__ import annotations

import time
from collections import deque


class MinuteQuota:
    def __init__(self) -> None:
        self.moments: deque[float] = deque()

    def spend(self, per_minute: int) -> float:
        """0 when allowed (and counted), else seconds until the window frees a slot."""
        now = time.monotonic()
        while self.moments and self.moments[0] <= now - 60:
            self.moments.popleft()
        if len(self.moments) >= per_minute:
            return 60 - (now - self.moments[0])
        self.moments.append(now)
        return 0.0
