"""Orders into the Infor sandbox under injected faults, driven through the real engine.

Each order is a run of "webhook → create sales order" (the Infor node, which checks M3 for the
shop reference in CUOR and records its effect in the ledger). Runs that wait for a retry are
picked up again when due; ``time_scale`` 0 ignores the waits (tests), 1 honours them (bench).
``count_orders`` reads the sandbox's own tenant, so duplicates and losses are what M3 holds.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from connectors.infor.budget import TokenBucket
from connectors.infor.oauth import MemoryTokenCache
from connectors.infor.runtime import use_request_budget, use_token_cache
from connectors.infor.sandbox.serve import RunningSandbox
from workflows.executor import Executor
from workflows.registry import default_registry
from workflows.run_store import ListSink, MemoryRunStore
from workflows.testing import MemoryLedger, MemoryServices

CUSTOMER = "WEB0000001"
KNOWN_ITEM = "SKU-00001"
UNKNOWN_ITEM = "SKU-99999"
"""An item number the seeded tenant does not have."""


def order_workflow(attempts: int, interval: float) -> dict[str, Any]:
    return {
        "schemaVersion": 1,
        "nodes": [
            {"id": "hook", "type": "core.trigger.webhook", "typeVersion": 1, "config": {}},
            {
                "id": "create",
                "type": "infor.m3.sales_order.create",
                "typeVersion": 1,
                "config": {"warehouse": "001"},
                "connection": "infor",
                "retry": {
                    "maximumAttempts": attempts,
                    "initialInterval": interval,
                    "maximumInterval": max(interval * 8, interval),
                },
            },
        ],
        "edges": [{"id": "e1", "source": "hook", "target": "create"}],
        "settings": {"businessKey": "reference"},
    }


def order(reference: str, item: str = KNOWN_ITEM) -> dict[str, Any]:
    return {"customer": CUSTOMER, "reference": reference, "lines": [{"item": item, "quantity": 1}]}


@dataclass
class Results:
    succeeded: set[str] = field(default_factory=set)
    dead: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Dead-lettered runs by reference: their error."""
    accepted_at: dict[str, float] = field(default_factory=dict)
    finished_at: dict[str, float] = field(default_factory=dict)


class OrderDriver:
    """Runs orders to the end: succeeded or dead-lettered."""

    def __init__(self, sandbox: RunningSandbox, *, attempts: int = 30, interval: float = 0.5):
        ionapi = json.dumps(httpx.get(f"{sandbox.base_url}/ionapi").json())
        use_token_cache(MemoryTokenCache())
        use_request_budget(TokenBucket(per_minute=1_000_000, burst=1_000))
        self.document = order_workflow(attempts, interval)
        self.ledger = MemoryLedger()
        self.services = MemoryServices(
            credentials={"infor": ("infor.ionapi", {"ionapi": ionapi})},
            http=httpx.Client(timeout=10),
            ledger=self.ledger,
        )
        self.store = MemoryRunStore()
        self.results = Results()
        self.payloads: dict[str, dict[str, Any]] = {}
        self.retried: list[str] = []

    def run(
        self,
        payloads: list[dict[str, Any]],
        *,
        time_scale: float = 0,
        threads: int = 1,
        arrival_interval: float = 0,
    ) -> Results:
        """Execute every payload's run until it succeeds or is dead-lettered; orders arrive
        ``arrival_interval`` seconds apart."""
        queue: list[tuple[float, int, str]] = []
        lock = threading.Lock()
        order_of = itertools.count()
        start = time.time()
        for index, payload in enumerate(payloads):
            reference = payload["reference"]
            arrives = start + index * arrival_interval
            self.payloads[reference] = payload
            self.results.accepted_at[reference] = arrives
            heapq.heappush(queue, (arrives, next(order_of), reference))
        for reference in self.retried:
            heapq.heappush(queue, (time.time(), next(order_of), reference))
        self.retried = []

        def step(reference: str) -> None:
            executor = Executor(default_registry(), self.store, ListSink(), self.services)
            payload = self.payloads[reference]
            outcome = executor.run(reference, "orders", self.document, None, payload)
            with lock:
                if outcome.status == "succeeded":
                    self.results.succeeded.add(reference)
                    self.results.finished_at[reference] = time.time()
                elif outcome.status == "failed":
                    self.results.dead[reference] = outcome.error or {}
                    self.results.finished_at[reference] = time.time()
                else:
                    wait = max(0.0, (outcome.resume_at or time.time()) - time.time())
                    heapq.heappush(
                        queue, (time.time() + wait * time_scale, next(order_of), reference)
                    )

        with ThreadPoolExecutor(threads) as pool:
            running: set[Any] = set()
            while True:
                with lock:
                    due = [
                        heapq.heappop(queue)
                        for _ in range(len(queue))
                        if queue and queue[0][0] <= time.time()
                    ]
                    empty = not queue
                for _, _, reference in due:
                    running.add(pool.submit(step, reference))
                running = {f for f in running if not f.done()}
                if empty and not running and not due:
                    return self.results
                time.sleep(0.005)

    def retry(self, reference: str) -> None:
        """What a person's retry from the dead-letter queue does: a fresh set of attempts."""
        failed = self.store.steps(reference)[-1]
        marker = self.store.start_step(reference, failed.node_id, failed.attempt, failed.inputs)
        self.store.finish_step(marker, "retry_wait", None, {"code": "run.retry_requested"})
        del self.results.dead[reference]
        self.retried.append(reference)


def count_orders(sandbox: RunningSandbox) -> Counter[str]:
    """Customer orders in the sandbox tenant by shop reference (CUOR)."""
    tenant = sandbox.world.tenant
    with tenant.lock:
        return Counter(o.cuor for o in tenant.orders.values())
