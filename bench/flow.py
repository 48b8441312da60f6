"""The simple flow end to end: webhook → JSONata map → HTTP POST to a local sink answering 201.

Measures runs per second and the latency from the webhook accepted to the POST received at the
sink, with 16 concurrent senders, every step checkpointed as usual; on the embedded default
(one ``manage.py serve``) and on PostgreSQL + Redis with Celery worker processes.

    .venv/bin/python bench/flow.py --mode embedded --runs 2000
    .venv/bin/python bench/flow.py --mode scaled --workers 2 --runs 2000
    .venv/bin/python bench/flow.py --profile --runs 300      # where a run's time goes
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench import cpu
from bench.harness import Ferry, fresh_postgres, order_document, wait_until
from bench.sink import OrderSink

REDIS = "redis://127.0.0.1:6379/12"


def post_all(url: str, token: str, runs: int, senders: int) -> dict[str, float]:
    """Post ``runs`` orders from ``senders`` threads; returns accept time per order key."""
    accepted: dict[str, float] = {}
    lock = threading.Lock()
    numbers = iter(range(runs))

    def send() -> None:
        with httpx.Client(timeout=30) as client:
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None:
                    return
                reference = f"F{number:06d}"
                body = {"reference": reference, "lines": [{"price": 10}, {"price": 5}]}
                response = client.post(f"{url}/hooks/{token}", json=body)
                response.raise_for_status()
                with lock:
                    accepted[reference] = time.time()

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return accepted


def cpu_report(ferry: Ferry, before: dict[str, float], runs: int) -> None:
    """Where the CPU went, per run: the web process, the workers, and the machine in all."""
    print(cpu.per_unit(before, cpu_snapshot(ferry), runs, "run"))


def cpu_snapshot(ferry: Ferry) -> dict[str, float]:
    names = ["serve"] + [f"worker{n}" for n in range(len(ferry.processes) - 1)]
    processes = {name: p.pid for name, p in zip(names, ferry.processes, strict=True)}
    return cpu.snapshot(processes, ("postgres", "redis-server"))


def measure(ferry: Ferry, sink: OrderSink, token: str, runs: int, senders: int) -> None:
    before = cpu_snapshot(ferry)
    started = time.time()
    accepted = post_all(ferry.url, token, runs, senders)
    accepted_in = time.time() - started
    done = wait_until(lambda: len(sink.created) >= len(accepted), 600)
    finished = max(sink.received_at.values()) if sink.received_at else time.time()
    latencies = []
    for key, at in sink.received_at.items():
        reference = key.split('"ref":"', 1)[-1].split('"', 1)[0]
        if reference in accepted:
            latencies.append(at - accepted[reference])
    latencies.sort()
    print(f"accepted {len(accepted)} in {accepted_in:.1f}s; all delivered: {done}")
    print(f"delivered {len(sink.created)}, duplicates {sink.duplicates()}")
    print(f"throughput {len(sink.created) / (finished - started):.0f} runs/s end to end")
    if latencies:
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"latency accepted→received p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    cpu_report(ferry, before, len(sink.created))


def run_embedded(args: argparse.Namespace, sink: OrderSink) -> None:
    with tempfile.TemporaryDirectory() as data:
        ferry = Ferry(Path(data) / "ferry", {"FERRY_EMBEDDED_WORKERS": str(args.threads)})
        token = ferry.prepare(order_document(sink.url, once=args.once))
        try:
            ferry.serve()
            measure(ferry, sink, token, args.runs, args.senders)
        finally:
            ferry.stop()


def run_scaled(args: argparse.Namespace, sink: OrderSink) -> None:
    env = {"DATABASE_URL": fresh_postgres("ferry_flow"), "REDIS_URL": REDIS}
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    with tempfile.TemporaryDirectory() as data:
        ferry = Ferry(Path(data) / "ferry", env)
        token = ferry.prepare(order_document(sink.url, once=args.once))
        try:
            ferry.serve()
            for number in range(args.workers):
                ferry.worker(f"flow{number}", CONCURRENCY=str(args.threads), POOL=args.pool)
            time.sleep(3)  # workers connect to the broker
            measure(ferry, sink, token, args.runs, args.senders)
        finally:
            ferry.stop()


def run_profile(args: argparse.Namespace, sink: OrderSink) -> None:
    """Execute runs in this process under cProfile and print where the time goes."""
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as data:
        ferry = Ferry(Path(data) / "ferry")
        ferry.prepare(order_document(sink.url, once=args.once))
        os.environ.update(FERRY_DATA_DIR=ferry.env["FERRY_DATA_DIR"], FERRY_LOG_LEVEL="WARNING")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
        import django

        django.setup()
        from backend.designer.models import Workflow
        from backend.monitoring import rollups
        from backend.runs.dispatch import start_run
        from backend.runs.execution import execute_run

        rollups.buffer.start()  # count finished runs as a worker does

        workflow = Workflow.objects.get()
        version = workflow.active_version
        assert version is not None
        payloads = [{"reference": f"P{n:05d}", "lines": [{"price": 10}]} for n in range(args.runs)]
        run_ids = [
            str(start_run(workflow, version, mode="webhook", payload=p).pk) for p in payloads
        ]
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for run_id in run_ids:
            execute_run(run_id)
        profile.disable()
        spent = time.perf_counter() - started
        rollups.buffer.stop()
        print(f"{args.runs} runs executed in {spent:.2f}s: {args.runs / spent:.0f} runs/s/thread")
        stats = pstats.Stats(profile).sort_stats("cumulative")
        stats.print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["embedded", "scaled"], default="embedded")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="Celery processes (scaled)")
    parser.add_argument("--threads", type=int, default=8, help="threads (or processes) per worker")
    parser.add_argument("--pool", choices=["threads", "prefork"], default="threads")
    parser.add_argument("--once", action="store_true", help="POST through the effect ledger")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sink = OrderSink().start()
    try:
        if args.profile:
            run_profile(args, sink)
        elif args.mode == "embedded":
            run_embedded(args, sink)
        else:
            run_scaled(args, sink)
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
