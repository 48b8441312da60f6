"""Orders into the Infor sandbox under faults: each lands exactly once; bad data is parked.

10% 500s, 5% gateway timeouts and an outage while orders arrive (60 orders here, the outage
lasting until the first round of attempts is over; ``bench/durability.py`` runs 500 orders
with a real 30-second outage). Retry waits are skipped: the driver runs a waiting run again at
once, which changes nothing about which calls fail.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.infor_faults import UNKNOWN_ITEM, OrderDriver, count_orders, order
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.state import Item

pytestmark = pytest.mark.slow


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    running = RunningSandbox().start()
    running.world.settings.token_requests_per_minute = 1_000_000
    running.world.settings.api_calls_per_minute = 1_000_000
    yield running
    running.stop()


def test_it_lands_every_order_exactly_once_through_5xx_timeouts_and_an_outage(
    sandbox: RunningSandbox,
) -> None:
    world = sandbox.world
    now = world.clock.now()
    assert (
        world.faults.update(
            {"error_rate": 0.10, "error_status": 500, "timeout_rate": 0.05, "seed": 11}
        )
        == []
    )
    world.faults.outage_from, world.faults.outage_until = now, now + 30
    driver = OrderDriver(sandbox)
    references = [f"WEB{n:05d}" for n in range(60)]

    first_round = driver.run([order(r) for r in references[:20]])
    assert first_round.succeeded == set()  # the outage refused every call
    world.clock.advance(31)
    results = driver.run([order(r) for r in references[20:]])
    for reference in references[:20]:
        driver.retry(reference)  # the outage outlasted their attempts: a person retries them
    results = driver.run([])

    orders = count_orders(sandbox)
    assert results.dead == {}
    assert results.succeeded == set(references)
    assert {r: orders[r] for r in references} == dict.fromkeys(references, 1)
    assert world.calls > 60 * 5  # faults really happened along the way


def test_it_parks_an_unknown_item_with_a_reason_and_succeeds_once_it_exists(
    sandbox: RunningSandbox,
) -> None:
    driver = OrderDriver(sandbox)

    results = driver.run([order("WEB-BAD", UNKNOWN_ITEM), order("WEB-GOOD")])

    assert results.succeeded == {"WEB-GOOD"}
    error = results.dead["WEB-BAD"]
    assert (error["code"], error["errorClass"]) == ("infor.m3.order_rejected", "validation")
    assert UNKNOWN_ITEM in error["message"]
    tenant = sandbox.world.tenant
    with tenant.lock:
        tenant.items[UNKNOWN_ITEM] = Item(UNKNOWN_ITEM, "Created after the rejection")
    driver.retry("WEB-BAD")
    results = driver.run([])
    assert results.succeeded == {"WEB-GOOD", "WEB-BAD"}
    assert count_orders(sandbox)["WEB-BAD"] == 1
