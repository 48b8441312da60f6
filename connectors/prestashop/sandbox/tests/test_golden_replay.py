"""Every recorded exchange, replayed in order on a fresh recorded-demo sandbox.

Bodies are compared after normalising only what a real shop would itself answer differently on
a replay: date-times, and the random values of a new customer, compared by their format
(``secure_key`` as 32 hex digits, ``passwd`` as a ``$2y$10$`` bcrypt hash; see ``replay.py``).
"""

from __future__ import annotations

import httpx

from connectors.prestashop.sandbox.server import RunningSandbox
from connectors.prestashop.sandbox.tests.replay import compare, exchanges, send

NOT_REPRODUCED = {
    149: "LIKE filter on products: the real shop answered in index order, not table order",
    174: "sort by name: product names the recording never showed",
    229: "tracking number set by a held-back exchange (seq 225-226)",
    234: "stock quantity set by a held-back exchange (seq 232-233)",
    252: "customer id 4 taken by a held-back POST (answered 400 code 86, row kept, per README)",
    253: "customer id 4 taken by a held-back POST (answered 400 code 86, row kept, per README)",
    255: "customer ids 4 and 7 taken by held-back exchanges (seq 245-250, 254)",
    261: "customer created by a held-back exchange",
    276: "a PHP warning of the snapshot's Product class before the read-only field error",
    285: "order 6 was placed by held-back exchanges (seq 282-284)",
    286: "order 6 was placed by held-back exchanges (seq 282-284)",
    288: "order prices need the catalogue's price engine (specific prices, taxes)",
    290: "order prices need the catalogue's price engine (specific prices, taxes)",
    291: "order prices need the catalogue's price engine (specific prices, taxes)",
    293: "carrier costs need the catalogue's price engine (taxes, weights)",
    294: "stock taken by order 6, placed by held-back exchanges",
    296: "order 3's state was changed by a held-back exchange",
    299: "customer ids created by held-back exchanges",
    300: "customer ids created by held-back exchanges",
}
"""Exchanges the sandbox does not reproduce yet, with why; everything else must match."""


def test_it_replays_every_recorded_exchange_like_the_real_shop(
    recorded_sandbox: RunningSandbox,
) -> None:
    differences = []
    reproduced_after_all = []
    with httpx.Client(timeout=10) as client:
        for exchange in exchanges():
            response = send(client, recorded_sandbox.url, exchange)
            found = compare(exchange, response)
            if exchange["seq"] not in NOT_REPRODUCED:
                differences += found
            elif not found:
                reproduced_after_all.append(exchange["seq"])
    assert [str(d) for d in differences] == []
    assert reproduced_after_all == [], "remove these from NOT_REPRODUCED"


def test_it_lists_only_exchanges_that_exist() -> None:
    recorded = {e["seq"] for e in exchanges()}
    assert set(NOT_REPRODUCED) <= recorded
    assert len(NOT_REPRODUCED) < len(recorded) // 5
