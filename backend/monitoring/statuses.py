"""Run statuses as statistics group them (plain strings, so they match stored values)."""

from __future__ import annotations

SUCCEEDED = "succeeded"
DEAD_LETTERED = "dead_lettered"
FAILURES = ("failed", DEAD_LETTERED)
"""Runs that did not do their job: failed, or parked in the dead-letter queue."""
FINAL = (SUCCEEDED, "failed", DEAD_LETTERED, "cancelled", "superseded")
"""Every status a run ends in; cancelled and superseded runs are neither success nor failure."""
IN_PROGRESS = ("queued", "running", "retry_wait")
"""Accepted and not finished: the backlog."""
