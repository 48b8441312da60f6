"""Periodic work of every worker: a heartbeat, gauge samples, and alert rules when they are due."""

from __future__ import annotations

import logging
import socket
import threading
import time

from django.conf import settings
from django.utils import timezone

from backend.monitoring.gauges import prune_gauges, sample_gauges
from backend.monitoring.heartbeats import beat, forget_departed
from backend.monitoring.rollups import prune_rollups

log = logging.getLogger(__name__)

_lock = threading.Lock()
_last_run = 0.0


def embedded_worker_name() -> str:
    return f"embedded@{socket.gethostname()}"


def housekeeping(worker: str, kind: str, *, force: bool = False) -> bool:
    """Heartbeat, prune, sample gauges and evaluate alerts; at most once a housekeeping interval.

    ``FERRY_HOUSEKEEPING_SECONDS`` is counted per process unless ``force``. Returns whether it
    ran. Called from the embedded dispatcher's timer and from Celery beat.
    """
    global _last_run
    with _lock:
        now = time.monotonic()
        if not force and _last_run and now - _last_run < settings.FERRY_HOUSEKEEPING_SECONDS:
            return False
        _last_run = now
    beat(worker, kind)
    forget_departed()
    moment = timezone.now()
    prune_rollups(moment)
    prune_gauges(moment)
    try:
        sample_gauges(moment)
    except Exception:
        log.exception("Sampling backlog and dead letters failed")
    from backend.alerts.evaluation import evaluate_rules

    try:
        evaluate_rules()
    except Exception:
        log.exception("Evaluating alert rules failed")
    return True
