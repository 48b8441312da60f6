"""500 orders into the Infor sandbox with 10% 5xx, 5% gateway timeouts and a 30-second outage.

Orders arrive 50 a second through the engine (webhook → create sales order, with the effect
ledger); runs that wait for a retry wait for real. Prints accepted, succeeded, dead-lettered,
duplicates (must be 0), lost (must be 0) and the end-to-end latency. ``--stack`` sends the
orders as webhooks to ``manage.py serve`` (embedded) instead of driving the engine in-process.

    .venv/bin/python bench/durability.py --orders 500 --outage 30
    .venv/bin/python bench/durability.py --orders 500 --outage 30 --stack
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from collections import Counter

from bench.infor_faults import OrderDriver, count_orders, order
from connectors.infor.sandbox.clock import SandboxClock
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.world import World

CONNECTION_ID = "5b1f0c2e-6c1d-4f5e-9a7b-2d3c4e5f6a7b"
SEED_CONNECTION = """
import sys
from backend.connections.models import Connection
connection = Connection(id="%s", name="Infor sandbox",
                        credential_type="infor.ionapi")
connection.set_secrets({"ionapi": sys.stdin.read()})
connection.save()
"""


def through_the_stack(
    sandbox: RunningSandbox, references: list[str], rate: float
) -> tuple[set[str], list[str], list[float], float]:
    """Send the orders as webhooks to an embedded Ferry; returns succeeded, dead-lettered,
    latencies and the elapsed time."""
    import tempfile
    from pathlib import Path

    import httpx

    from bench.harness import Ferry, wait_until
    from bench.infor_faults import order_workflow

    with tempfile.TemporaryDirectory() as data:
        ferry = Ferry(Path(data) / "ferry", {"FERRY_SWEEP_SECONDS": "2"})
        document = order_workflow(attempts=30, interval=1.0)
        document["nodes"][1]["connection"] = CONNECTION_ID
        token = ferry.prepare(document)
        ionapi = httpx.get(f"{sandbox.base_url}/ionapi").text
        ferry.manage("shell", "-c", SEED_CONNECTION % CONNECTION_ID, stdin=ionapi)
        try:
            ferry.serve()
            started = time.time()
            with httpx.Client(timeout=30) as client:
                for reference in references:
                    body = order(reference)
                    client.post(f"{ferry.url}/hooks/{token}", json=body).raise_for_status()
                    time.sleep(1 / rate)
            finished = ("succeeded", "failed")
            wait_until(lambda: sum(ferry.statuses()[s] for s in finished) >= len(references), 900)
            elapsed = time.time() - started
            rows = ferry.query(
                "SELECT business_key, status, "
                "CAST((julianday(finished_at) - julianday(created_at)) * 86400 AS REAL) "
                "FROM runs_run"
            )
            reasons = Counter(code for code, _ in ferry.dead_letters())
            for code, count in reasons.most_common():
                print(f"dead-lettered as {code}: {count}")
        finally:
            ferry.stop()
    succeeded = {str(key) for key, status, _ in rows if status == "succeeded"}
    dead = [str(key) for key, status, _ in rows if status == "failed"]
    latencies = sorted(float(seconds) for _, status, seconds in rows if status == "succeeded")
    return succeeded, dead, latencies, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--outage", type=float, default=30.0, help="seconds")
    parser.add_argument("--rate", type=float, default=50.0, help="orders arriving per second")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--stack", action="store_true", help="webhooks into manage.py serve")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)

    sandbox = RunningSandbox(World(clock=SandboxClock(speed=1.0))).start()
    world = sandbox.world
    world.settings.token_requests_per_minute = 1_000_000
    world.settings.api_calls_per_minute = 1_000_000
    world.faults.update({"error_rate": 0.10, "error_status": 500, "timeout_rate": 0.05})
    begins = world.clock.now() + 2
    world.faults.outage_from, world.faults.outage_until = begins, begins + args.outage
    references = [f"WEB{n:05d}" for n in range(args.orders)]
    try:
        if args.stack:
            succeeded, dead, latencies, elapsed = through_the_stack(sandbox, references, args.rate)
        else:
            driver = OrderDriver(sandbox, attempts=30, interval=1.0)
            started = time.time()
            results = driver.run(
                [order(r) for r in references],
                time_scale=1,
                threads=args.threads,
                arrival_interval=1 / args.rate,
            )
            elapsed = time.time() - started
            succeeded, dead = results.succeeded, list(results.dead)
            latencies = sorted(results.finished_at[r] - results.accepted_at[r] for r in succeeded)
        orders = count_orders(sandbox)
    finally:
        sandbox.stop()
    duplicates = sum(max(0, orders[r] - 1) for r in references)
    lost = [r for r in references if orders[r] == 0 and r not in dead]
    print(f"accepted      {len(references)}")
    print(f"succeeded     {len(succeeded)}")
    print(f"dead-lettered {len(dead)}")
    print(f"duplicates    {duplicates}")
    print(f"lost          {len(lost)}")
    print(f"gateway calls {world.calls} in {elapsed:.1f}s")
    if latencies:
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"latency p50 {statistics.median(latencies):.2f}s, p99 {p99:.2f}s")


if __name__ == "__main__":
    main()
