"""Crash safety, embedded: kill -9 ``manage.py serve`` mid-run, start it again, lose nothing.

Each case accepts orders, lets the server die with SIGKILL at one point of a run (before the
POST, between the POST and its ledger record, after the node before its checkpoint, or while a
run waits for its retry), restarts it, and checks that every accepted order ends succeeded and
that the sink created each order exactly once. Leases last 2 s and the sweep runs every second,
so a stranded run is back within lease + sweep = 3 s (60 + 5 s with the default settings).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.harness import Ferry, order_document, send_orders, wait_until
from bench.sink import OrderSink

pytestmark = pytest.mark.slow

FAST = {"FERRY_LEASE_SECONDS": "2", "FERRY_SWEEP_SECONDS": "1", "FERRY_EMBEDDED_WORKERS": "2"}
REFERENCES = [f"CR{n:03d}" for n in range(6)]
EXPECTED = [f"order-{r}" for r in REFERENCES]


@pytest.fixture(scope="module")
def sink() -> Iterator[OrderSink]:
    running = OrderSink(retry_after=10).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def template(sink: OrderSink, tmp_path_factory: pytest.TempPathFactory) -> tuple[Ferry, str]:
    """One migrated installation with the order workflow deployed, copied by every case."""
    installation = Ferry(tmp_path_factory.mktemp("template") / "ferry", FAST)
    return installation, installation.prepare(order_document(sink.url))


@pytest.fixture
def ferry(template: tuple[Ferry, str], sink: OrderSink, tmp_path: Path) -> Iterator[Ferry]:
    sink.reset()
    installation = template[0].copy_of(tmp_path / "ferry")
    yield installation
    installation.stop()


@pytest.mark.parametrize(
    "point",
    ["before_call:send", "after_effect:effect", "after_call:send"],
    ids=["before-the-call", "after-the-call-before-the-ledger", "before-the-checkpoint"],
)
def test_it_loses_and_repeats_nothing_when_killed_mid_run(
    ferry: Ferry, template: tuple[Ferry, str], sink: OrderSink, tmp_path: Path, point: str
) -> None:
    doomed = ferry.serve(FERRY_CRASH_AT=point, FERRY_CRASH_ONCE_FILE=str(tmp_path / "crashed"))
    accepted = send_orders(ferry.url, template[1], REFERENCES)
    assert len(accepted) == len(REFERENCES)
    assert wait_until(lambda: doomed.poll() is not None, 60), "the crash point was never hit"
    assert doomed.returncode == -9

    ferry.serve()

    succeeded = wait_until(lambda: ferry.statuses()["succeeded"] == len(REFERENCES), 90)
    assert succeeded, (ferry.statuses(), ferry.dead_letters())
    assert sorted(sink.created) == EXPECTED
    assert sink.duplicates() == 0


def test_it_finishes_a_run_whose_worker_died_during_its_retry_wait(
    ferry: Ferry, template: tuple[Ferry, str], sink: OrderSink
) -> None:
    sink.reset(refuse_first=True)
    server = ferry.serve()
    send_orders(ferry.url, template[1], REFERENCES)
    assert wait_until(lambda: ferry.statuses()["retry_wait"] == len(REFERENCES), 60)
    ferry.kill(server)

    ferry.serve()

    assert wait_until(lambda: ferry.statuses()["succeeded"] == len(REFERENCES), 90)
    assert len(sink.refused) == len(REFERENCES)
    assert sorted(sink.created) == EXPECTED
    assert sink.duplicates() == 0
