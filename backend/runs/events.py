"""Live run events: the executor's EventSink publishing to Channels groups per run and workflow.

Publishing never blocks the run: events go onto an asyncio queue drained in order by one pump
coroutine. With the in-memory layer the pump runs on the event loop of the websockets in this
process (attached by the consumer when a socket connects); with no socket ever connected nobody
can be listening, so events are dropped at once. With a cross-process layer (Redis) the pump
runs on a background loop of its own, so a Celery worker publishes to the web process's sockets.

Most runs are watched by nobody, and a run sends eight events to two groups each, so an event is
only queued for the groups someone listens to: the in-memory layer's own group table says so
exactly; on Redis, whether a workflow's group has members is asked once and remembered for
``LISTENERS_FRESH_SECONDS``, and the runs' groups with members are listed once per that interval
(a page opened in that second may miss the events sent meanwhile).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer

from workflows.run_store import EventSink

log = logging.getLogger(__name__)

SHUTDOWN_FLUSH_SECONDS = 2.0
LISTENERS_FRESH_SECONDS = 1.0
EVENT_MESSAGE_TYPE = "run.event"
"""Channels message type; the consumer's handler is ``run_event``."""


RUN_GROUP_PREFIX = "run."


def run_group(run_id: str) -> str:
    return f"{RUN_GROUP_PREFIX}{run_id}"


def workflow_group(workflow_id: str) -> str:
    return f"workflow.{workflow_id}"


class RedisListeners:
    """Whether a group of a single-host Redis channel layer has members.

    A workflow's group is asked of Redis at most once per ``LISTENERS_FRESH_SECONDS``. A run's
    group is new with every run, so asking for it would cost a round trip per run: instead the
    groups of runs with members are listed (one SCAN) at most once per that interval, and a
    run's group is looked up in the list.
    """

    def __init__(self, address: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(address, socket_timeout=1)
        self.prefix = prefix
        self.known: dict[str, tuple[bool, float]] = {}
        self.watched_runs: frozenset[str] = frozenset()
        self.runs_fresh_until = 0.0
        self._lock = threading.Lock()

    def __call__(self, groups: list[str]) -> list[str]:
        now = time.monotonic()
        try:
            if any(g.startswith(RUN_GROUP_PREFIX) for g in groups):
                self._list_run_groups(now)
            unknown = [
                g
                for g in groups
                if not g.startswith(RUN_GROUP_PREFIX) and self.known.get(g, (False, 0.0))[1] < now
            ]
            if unknown:
                pipe = self.client.pipeline(transaction=False)
                for group in unknown:
                    pipe.exists(self._key(group))
                answers = pipe.execute()
                if len(self.known) > 10_000:
                    self.known = {}
                for group, members in zip(unknown, answers, strict=True):
                    self.known[group] = (bool(members), now + LISTENERS_FRESH_SECONDS)
        except Exception:
            return groups  # cannot tell: publish, as without this check
        # Another thread may have just cleared ``known``: a group it forgot is published to.
        return [g for g in groups if self._listened(g)]

    def _listened(self, group: str) -> bool:
        if group.startswith(RUN_GROUP_PREFIX):
            return group in self.watched_runs
        return self.known.get(group, (True, 0.0))[0]

    def _key(self, group: str) -> str:
        return f"{self.prefix}:group:{group}"

    def _list_run_groups(self, now: float) -> None:
        if now < self.runs_fresh_until:
            return
        with self._lock:
            if now < self.runs_fresh_until:
                return
            # channels_redis deletes a group's key when its last member leaves.
            marker = self._key("")
            keys = self.client.scan_iter(match=marker + RUN_GROUP_PREFIX + "*", count=1000)
            self.watched_runs = frozenset(
                (key.decode() if isinstance(key, bytes) else str(key))[len(marker) :]
                for key in keys
            )
            self.runs_fresh_until = now + LISTENERS_FRESH_SECONDS


def listeners_of(layer: BaseChannelLayer) -> Callable[[list[str]], list[str]]:
    """A filter keeping the groups of ``layer`` that may have members."""
    if isinstance(layer, InMemoryChannelLayer):
        groups = layer.groups
        return lambda names: [name for name in names if groups.get(name)]
    hosts = getattr(layer, "hosts", None)
    prefix = getattr(layer, "prefix", None)
    if type(layer).__name__ == "RedisChannelLayer" and isinstance(prefix, str) and hosts:
        if len(hosts) == 1 and isinstance(hosts[0].get("address"), str):
            return RedisListeners(hosts[0]["address"], prefix)
    return lambda names: names


class _Pump:
    """An in-order queue of (groups, event) drained on one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, layer: BaseChannelLayer) -> None:
        self.loop = loop
        self.layer = layer
        self.listened = listeners_of(layer)
        self.queue: asyncio.Queue[tuple[list[str], dict[str, Any]]] = asyncio.Queue()
        self._drainer = asyncio.run_coroutine_threadsafe(self._drain(), loop)

    def put(self, groups: list[str], event: dict[str, Any]) -> bool:
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, (groups, event))
        except RuntimeError:
            return False  # the loop has closed
        return True

    def flush(self, timeout: float) -> None:
        done: Future[None] = asyncio.run_coroutine_threadsafe(self.queue.join(), self.loop)
        done.result(timeout)

    def close(self, timeout: float) -> None:
        """Deliver what is queued (a worker shutting down mid-run), then stop draining."""
        try:
            self.flush(timeout)
        except Exception:
            log.warning("Some run events were not delivered before shutdown")
        self._drainer.cancel()

    async def _drain(self) -> None:
        while True:
            groups, event = await self.queue.get()
            try:
                message = {"type": EVENT_MESSAGE_TYPE, "event": event}
                for group in groups:
                    await self.layer.group_send(group, message)
            except Exception:
                log.exception("Publishing a run event failed")
            finally:
                self.queue.task_done()


class Publisher:
    """Process-wide publisher behind every ChannelSink."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pump: _Pump | None = None
        self._listening_loop: asyncio.AbstractEventLoop | None = None

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Called by consumers: sockets in this process listen on ``loop``."""
        with self._lock:
            self._listening_loop = loop

    def publish(self, groups: list[str], event: dict[str, Any]) -> None:
        pump = self._current_pump()
        if pump is None:
            return
        listened = pump.listened(groups)
        if listened and not pump.put(listened, event):
            with self._lock:
                self._pump = None

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every event published so far has been handed to the channel layer."""
        pump = self._pump
        if pump is not None:
            pump.flush(timeout)

    def _current_pump(self) -> _Pump | None:
        layer = get_channel_layer()
        if layer is None:
            return None
        if isinstance(layer, InMemoryChannelLayer):
            return self._in_process_pump(layer)
        with self._lock:
            if self._pump is None or self._pump.layer is not layer:
                self._pump = _Pump(_background_loop(), layer)
                atexit.register(self._pump.close, SHUTDOWN_FLUSH_SECONDS)
            return self._pump

    def _in_process_pump(self, layer: InMemoryChannelLayer) -> _Pump | None:
        with self._lock:
            loop = self._listening_loop
            if loop is None or loop.is_closed() or not layer.groups:
                return None
            if self._pump is None or self._pump.loop is not loop or self._pump.layer is not layer:
                self._pump = _Pump(loop, layer)
            return self._pump


_loop_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _loop_lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="ferry-events", daemon=True).start()
        return _loop


publisher = Publisher()


class ChannelSink:
    """EventSink sending each event to the groups of its run and of its workflow."""

    def emit(self, event: dict[str, Any]) -> None:
        groups = []
        if event.get("runId"):
            groups.append(run_group(str(event["runId"])))
        if event.get("workflowId"):
            groups.append(workflow_group(str(event["workflowId"])))
        if groups:
            publisher.publish(groups, event)


class RunLabels:
    """EventSink wrapper adding the run's mode and business key to its start and finish events.

    The engine knows neither (they belong to the stored run), yet live lists label runs by them.
    """

    def __init__(self, inner: EventSink, mode: str, business_key: str) -> None:
        self.inner = inner
        self.labels = {"mode": mode, "businessKey": business_key}

    def emit(self, event: dict[str, Any]) -> None:
        if event.get("type") in ("run.started", "run.finished"):
            event = {**event, **self.labels}
        self.inner.emit(event)
