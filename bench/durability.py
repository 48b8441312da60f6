"""500 orders into the Infor sandbox with 10% 5xx, 5% gateway timeouts and a 30-second outage.

Orders arrive 50 a second through the engine (webhook → create sales order, with the effect
ledger); runs that wait for a retry wait for real. Prints accepted, succeeded, dead-lettered,
duplicates (must be 0), lost (must be 0) and the end-to-end latency.

    .venv/bin/python bench/durability.py --orders 500 --outage 30
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time

from bench.infor_faults import OrderDriver, count_orders, order
from connectors.infor.sandbox.clock import SandboxClock
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.world import World


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--outage", type=float, default=30.0, help="seconds")
    parser.add_argument("--rate", type=float, default=50.0, help="orders arriving per second")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)

    sandbox = RunningSandbox(World(clock=SandboxClock(speed=1.0))).start()
    world = sandbox.world
    world.settings.token_requests_per_minute = 1_000_000
    world.settings.api_calls_per_minute = 1_000_000
    world.faults.update({"error_rate": 0.10, "error_status": 500, "timeout_rate": 0.05})
    begins = world.clock.now() + 2
    world.faults.outage_from, world.faults.outage_until = begins, begins + args.outage
    try:
        driver = OrderDriver(sandbox, attempts=30, interval=1.0)
        references = [f"WEB{n:05d}" for n in range(args.orders)]
        started = time.time()
        results = driver.run(
            [order(r) for r in references],
            time_scale=1,
            threads=args.threads,
            arrival_interval=1 / args.rate,
        )
        elapsed = time.time() - started
        orders = count_orders(sandbox)
    finally:
        sandbox.stop()
    duplicates = sum(max(0, orders[r] - 1) for r in references)
    lost = [r for r in references if orders[r] == 0 and r not in results.dead]
    latencies = sorted(results.finished_at[r] - results.accepted_at[r] for r in results.succeeded)
    print(f"accepted      {len(references)}")
    print(f"succeeded     {len(results.succeeded)}")
    print(f"dead-lettered {len(results.dead)}")
    print(f"duplicates    {duplicates}")
    print(f"lost          {len(lost)}")
    print(f"gateway calls {world.calls} in {elapsed:.1f}s")
    if latencies:
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"latency p50 {statistics.median(latencies):.2f}s, p99 {p99:.2f}s")


if __name__ == "__main__":
    main()
