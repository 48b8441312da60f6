"""Every recorded exchange, replayed in order on a fresh recorded-demo sandbox.

Bodies are compared after normalising only what a real shop would itself answer differently on
a replay: date-times, and the random values of a new customer or order, compared by their
format (``secure_key`` as 32 hex digits, ``passwd`` as a ``$2y$10$`` bcrypt hash, a new order's
``reference`` as 9 capitals; see ``replay.py``). Prices, taxes, shipping and totals of the
orders placed during the session are compared by value: the price engine must produce them.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from connectors.prestashop.sandbox.server import RunningSandbox
from connectors.prestashop.sandbox.tests.replay import compare, exchanges, send

NOT_REPRODUCED = {
    229: "tracking number set by a held-back exchange (seq 225-226)",
    234: "stock quantity set by a held-back exchange (seq 232-233)",
    252: "customer id 4 taken by a held-back POST (answered 400 code 86, row kept, per README)",
    253: "customer id 4 taken by a held-back POST (answered 400 code 86, row kept, per README)",
    255: "customer ids 4 and 7 taken by held-back exchanges (seq 245-250, 254)",
    261: "customer created by a held-back exchange",
    286: "history id 12 follows order 3's state change, made by a held-back exchange",
    294: "stock taken by order 6, placed by held-back exchanges",
    296: "order 3's state was changed by a held-back exchange",
    299: "customer ids created by held-back exchanges",
    300: "customer ids created by held-back exchanges",
}
"""Exchanges the sandbox does not reproduce, with why; everything else must match.

Most follow exchanges the fixtures hold back (see the fixtures' README): their effects (a
tracking number, a stock level, customers 4 and 7, order 6, order 3's new state) cannot be in
the recorded-demo seed, which is the shop *before* the session, or earlier reads would differ.
"""


HELD_BACK_ORDER = 285
"""The first exchange after the held-back ones that placed order 6 (seq 282-284)."""


def stand_in(client: httpx.Client, base: str, exchange: dict[str, Any]) -> None:
    """Do what the held-back exchanges did where later ids depend on it.

    The fixtures' README says order 6 was posted from cart 6 with a wrong total (and ended in
    "Payment error"); placing it here gives order 7 and its lines the ids the shop gave them.
    The request is built from the recorded order 7 one (seq 288) with cart 6 and a total that
    does not match.
    """
    if exchange["seq"] != HELD_BACK_ORDER:
        return
    template = next(e for e in exchanges() if e["seq"] == 288)
    body = template["request"]["body"].replace("<id_cart>7</id_cart>", "<id_cart>6</id_cart>")
    body = re.sub(r"<total_paid>[^<]*</total_paid>", "<total_paid>1.00</total_paid>", body)
    placed = send(client, base, {**template, "request": {**template["request"], "body": body}})
    assert placed.status_code == 201, placed.text


def test_it_replays_every_recorded_exchange_like_the_real_shop(
    recorded_sandbox: RunningSandbox,
) -> None:
    differences = []
    reproduced_after_all = []
    with httpx.Client(timeout=10) as client:
        for exchange in exchanges():
            stand_in(client, recorded_sandbox.url, exchange)
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
