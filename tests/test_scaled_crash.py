"""Crash safety, scaled: kill -9 a Celery worker mid-run on PostgreSQL + Redis; lose nothing.

Collected only when DATABASE_URL and REDIS_URL are set (see conftest). The installation has its
own database and Redis database; a worker dies with SIGKILL at a point of a run, a second
worker and beat's sweep take over once the lease (5 s, long enough that a live worker on a
loaded CI machine renews it in time) has expired: a stranded run is back within lease + sweep
= 6 s here (60 + 5 s by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bench.harness import Ferry, fresh_postgres, order_document, send_orders, wait_until
from bench.sink import OrderSink

pytestmark = [pytest.mark.scaled, pytest.mark.slow]

# pytest-xdist runs tests of this file side by side: each worker gets its own database and
# Redis database, or one test's set-up would drop the other's installation under it.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
REDIS = f"redis://127.0.0.1:6379/{7 + int(WORKER.removeprefix('gw') or 0)}"
FAST = {"FERRY_LEASE_SECONDS": "5", "FERRY_SWEEP_SECONDS": "1"}
REFERENCES = [f"SC{n:03d}" for n in range(6)]


@pytest.fixture
def sink() -> Iterator[OrderSink]:
    running = OrderSink().start()
    yield running
    running.stop()


@pytest.fixture
def ferry(tmp_path: Path) -> Iterator[Ferry]:
    redis.Redis.from_url(REDIS).flushdb()
    env = {"DATABASE_URL": fresh_postgres(f"ferry_crash_{WORKER}"), "REDIS_URL": REDIS, **FAST}
    installation = Ferry(tmp_path / "ferry", env)
    yield installation
    installation.stop()


@pytest.mark.parametrize("point", ["before_call:send", "after_effect:effect"])
def test_it_loses_and_repeats_nothing_when_a_worker_is_killed(
    ferry: Ferry, sink: OrderSink, tmp_path: Path, point: str
) -> None:
    token = ferry.prepare(order_document(sink.url))
    ferry.serve()
    ferry.beat()
    doomed = ferry.worker(
        "doomed", FERRY_CRASH_AT=point, FERRY_CRASH_ONCE_FILE=str(tmp_path / "crashed")
    )
    send_orders(ferry.url, token, REFERENCES)
    assert wait_until(lambda: doomed.poll() is not None, 60), "the crash point was never hit"

    ferry.worker("heir")

    finished = wait_until(lambda: ferry.statuses()["succeeded"] == len(REFERENCES), 60)
    assert finished, (ferry.statuses(), ferry.dead_letters())
    assert sorted(sink.created) == [f"order-{r}" for r in REFERENCES]
    assert sink.duplicates() == 0


def test_it_finishes_runs_whose_worker_died_during_their_retry_wait(ferry: Ferry) -> None:
    sink = OrderSink(refuse_first=True, retry_after=10).start()
    try:
        token = ferry.prepare(order_document(sink.url))
        ferry.serve()
        ferry.beat()
        doomed = ferry.worker("doomed")
        send_orders(ferry.url, token, REFERENCES)
        assert wait_until(lambda: ferry.statuses()["retry_wait"] == len(REFERENCES), 60)
        ferry.kill(doomed)  # its scheduled retries (Celery ETAs) die with it, unacknowledged

        ferry.worker("heir")

        assert wait_until(lambda: ferry.statuses()["succeeded"] == len(REFERENCES), 60)
        assert sorted(sink.created) == [f"order-{r}" for r in REFERENCES]
        assert sink.duplicates() == 0
    finally:
        sink.stop()
