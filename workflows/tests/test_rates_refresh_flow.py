"""A workflow keeps the rates table fresh, and a conversion in a later run uses what it stored."""

from __future__ import annotations

import json

import httpx

from workflows.testing import MemoryBindings, MemoryServices, document, edge, node, run_document

DAILY_RATES = {"base": "EUR", "date": "2026-11-26", "rates": {"USD": 1.0832, "JPY": 161.23}}

TO_RATES = (
    "$each(body.rates, function($rate, $quote) "
    "{ {'base': body.base, 'quote': $quote, 'rate': $rate, 'date': body.date} })"
)


def rates_api(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/latest"
    return httpx.Response(200, json=DAILY_RATES)


def test_it_stores_the_day_s_rates_and_converts_with_them() -> None:
    store = MemoryBindings()
    services = MemoryServices(
        http=httpx.Client(transport=httpx.MockTransport(rates_api)), bindings=store
    )
    refresh = document(
        [
            node("daily", "core.trigger.manual"),
            node("fetch", "core.http.request", {"url": "'https://rates.example/latest'"}),
            node(
                "store", "core.currency.set_rates", {"rates": TO_RATES, "source": "rates.example"}
            ),
        ],
        [edge("daily", "fetch"), edge("fetch", "store")],
    )
    outcome, _, _ = run_document(refresh, {}, services=services)
    assert outcome.status == "succeeded", json.dumps(outcome.error)
    assert {rate["quote"] for rate in store.stored_rates} == {"USD", "JPY"}

    convert = document(
        [
            node("order", "core.trigger.manual"),
            node(
                "convert",
                "core.currency.convert",
                {"amount": "total_paid", "from": "'USD'", "to": "EUR", "date": "date_add"},
            ),
        ],
        [edge("order", "convert")],
    )
    order = {"total_paid": "108.32", "date_add": "2026-11-27 10:00:00"}
    outcome, _, _ = run_document(convert, order, services=services)
    assert outcome.status == "succeeded", json.dumps(outcome.error)
    stamp = outcome.output[0]["converted"]
    assert (stamp["amount"], stamp["currency"], stamp["source"], stamp["date"]) == (
        "100.00",
        "EUR",
        "rates.example",
        "2026-11-26",
    )
