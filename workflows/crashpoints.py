"""Crash points: let crash tests kill the process with SIGKILL at an exact place in a run.

``FERRY_CRASH_AT=<point>:<node id>`` (points: ``before_call``, ``after_call``, and
``after_effect:effect`` between a side effect and its ledger record) kills the process
the first time the run reaches that point at that node; ``FERRY_CRASH_ONCE_FILE`` names a file
created just before dying, so the restarted process does not die again. Unset (always, outside
tests) this costs one environment lookup per step.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

BEFORE_CALL = "before_call"
"""The step is checkpointed as running; the node has not been executed."""
AFTER_CALL = "after_call"
"""The node has executed (its effects happened); its step is not checkpointed yet."""
AFTER_EFFECT = "after_effect"
"""A side effect happened; the ledger still says ``pending`` (the outcome is uncertain)."""


def reached(point: str, node_id: str) -> None:
    """Die here with SIGKILL when the environment asks for it (once)."""
    wanted = os.environ.get("FERRY_CRASH_AT")
    if not wanted or wanted != f"{point}:{node_id}":
        return
    once = os.environ.get("FERRY_CRASH_ONCE_FILE")
    if once:
        marker = Path(once)
        if marker.exists():
            return
        marker.write_text(f"{point}:{node_id}\n")
    os.kill(os.getpid(), signal.SIGKILL)
