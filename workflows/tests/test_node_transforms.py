"""Transformation nodes: currency, addresses, status tables, item numbers, enrichment."""

from __future__ import annotations

import pytest

from workflows.nodes.address import AddressStandardise
from workflows.nodes.currency import CurrencyConvert, CurrencySetRates
from workflows.nodes.enrich import Enrich
from workflows.nodes.status_map import StatusMap
from workflows.nodes.variant import VariantResolve
from workflows.sdk import NodeContext, NodeError
from workflows.testing import MemoryBindings, execute_node
from workflows.transforms.status import SHOP_TO_INFOR

RATE = {"base": "EUR", "quote": "USD", "rate": "1.10", "source": "ECB", "date": "2026-11-20"}


def context(store: MemoryBindings | None = None) -> NodeContext:
    return NodeContext("run-1", "workflow-1", "node", bindings=store, tables=store)


def test_it_converts_with_the_stored_rate_of_the_day() -> None:
    store = MemoryBindings()
    store.set_rates([RATE, {**RATE, "rate": "1.20", "date": "2026-11-25"}])
    config = {"amount": "total", "from": "cur", "to": "EUR", "date": "day"}
    items = [{"total": "11.00", "cur": "USD", "day": "2026-11-21T10:00:00"}]
    out = execute_node(CurrencyConvert, config, items, ctx=context(store))
    converted = out["main"][0]["converted"]
    assert (converted["amount"], converted["date"], converted["source"]) == (
        "10.00",
        "2026-11-20",
        "ECB",
    )


def test_it_sends_items_without_a_rate_to_no_rate() -> None:
    config = {"amount": "total", "from": "cur", "to": "JPY", "rates": [RATE]}
    out = execute_node(CurrencyConvert, config, [{"total": 5, "cur": "EUR"}], ctx=context())
    assert out["main"] == []
    assert out["no_rate"][0]["noRate"] == "No rate from EUR to JPY."


def test_it_names_the_field_of_a_bad_amount() -> None:
    config = {"amount": "total", "from": "cur", "to": "USD", "rates": [RATE]}
    with pytest.raises(NodeError) as raised:
        execute_node(CurrencyConvert, config, [{"total": "ten", "cur": "EUR"}], ctx=context())
    assert (raised.value.code, raised.value.field) == ("currency.invalid", "amount")


def test_it_stores_rates_stamped_with_source_and_date() -> None:
    store = MemoryBindings()
    config = {"rates": "rates", "source": "ECB"}
    items = [{"rates": [{"base": "eur", "quote": "gbp", "rate": 0.85, "date": "2026-11-26"}]}]
    out = execute_node(CurrencySetRates, config, items, ctx=context(store))
    assert out["main"][0]["ratesWritten"] == 1
    assert store.stored_rates == [
        {"base": "EUR", "quote": "GBP", "rate": "0.85", "source": "ECB", "date": "2026-11-26"}
    ]
    with pytest.raises(NodeError, match="Rate 0 of item 0"):
        execute_node(CurrencySetRates, config, [{"rates": {"base": "EUR"}}], ctx=context(store))


def test_it_standardises_addresses_and_sets_aside_the_invalid() -> None:
    items = [
        {
            "address1": "10 Downing Street",
            "postcode": "sw1a2aa",
            "city": "London",
            "country": "GBR",
        },
        {"address1": "Main St 1", "postcode": "123", "city": "Berlin", "country": "DE"},
    ]
    out = execute_node(AddressStandardise, {}, items)
    assert out["main"][0]["address"]["m3"]["PONO"] == "SW1A 2AA"
    assert out["invalid"][0]["address"]["problems"][0]["field"] == "postcode"
    relaxed = execute_node(AddressStandardise, {"strict": False}, items)
    assert len(relaxed["main"]) == 2


def test_it_maps_statuses_through_the_guards() -> None:
    items = [
        {"STAT": "20", "ORSL": "66", "ORST": "66", "deliveries": [], "current_state": 3},
        {"STAT": "20", "ORSL": "66", "ORST": "66", "deliveries": [1], "current_state": 3},
        {"STAT": "20", "ORSL": "22", "ORST": "22", "deliveries": [], "current_state": 4},
        {"STAT": "10", "ORSL": "10", "ORST": "10", "deliveries": [], "current_state": 1},
    ]
    out = execute_node(StatusMap, {}, items)
    assert [len(out[port]) for port in ("main", "unchanged", "blocked", "unmapped")] == [1, 0, 2, 1]
    assert out["main"][0]["status"]["target"] == "4"


def test_it_reads_a_stored_status_table_by_name() -> None:
    store = MemoryBindings()
    store.status_tables["shop-to-infor"] = SHOP_TO_INFOR
    config = {
        "table": "shop-to-infor",
        "facts": [{"name": "shopState", "value": "current_state"}],
        "current": "infor_status",
    }
    items = [{"current_state": 6, "infor_status": "20"}]
    out = execute_node(StatusMap, config, items, ctx=context(store))
    assert out["main"][0]["status"]["target"] == "90"
    with pytest.raises(NodeError, match="no status table named 'nope'"):
        execute_node(StatusMap, {**config, "table": "nope"}, items, ctx=context(store))


def test_it_resolves_item_numbers_and_queues_the_rest() -> None:
    store = MemoryBindings()
    store.record("combination", "default", "7:31", "SHIRT-RED-M")
    items = [
        {"product_id": 7, "product_attribute_id": 31, "product_reference": "x"},
        {"product_id": 8, "product_attribute_id": 0, "product_reference": "mug-1"},
        {"product_id": 9, "product_attribute_id": 0, "product_ean13": "4006381333931"},
        {"product_id": 10, "product_attribute_id": 2, "product_reference": ""},
    ]
    config = {"eanTable": {"4006381333931": "PEN-01"}}
    out = execute_node(VariantResolve, config, items, ctx=context(store))
    assert [(i["ITNO"], i["resolvedBy"]) for i in out["main"]] == [
        ("SHIRT-RED-M", "binding"),
        ("MUG-1", "reference"),
        ("PEN-01", "ean"),
    ]
    assert out["not_found"] == [items[3]]
    assert (store.queue[0]["kind"], store.queue[0]["value"]) == ("combination", "10:2")


def test_it_enriches_by_rules_and_flags_missing_values() -> None:
    config = {
        "facts": [{"name": "country", "value": "address.country"}],
        "rules": [{"when": {"country": "DE"}, "set": {"warehouse": "DE1"}}],
        "required": ["warehouse"],
    }
    items = [{"address": {"country": "DE"}}, {"address": {"country": "FR"}}]
    out = execute_node(Enrich, config, items)
    assert out["main"][0]["enrichment"] == {"warehouse": "DE1"}
    assert out["incomplete"][0]["missing"] == ["warehouse"]


def test_it_names_the_date_field_when_the_rate_date_is_not_a_date() -> None:
    config = {"amount": "total", "from": "cur", "to": "USD", "date": "day", "rates": [RATE]}
    items = [{"total": 1, "cur": "EUR", "day": "last tuesday"}]
    with pytest.raises(NodeError) as raised:
        execute_node(CurrencyConvert, config, items, ctx=context())
    assert (raised.value.code, raised.value.field) == ("currency.invalid", "date")


def test_it_resolves_every_line_of_an_order_and_parks_orders_with_an_unknown_line() -> None:
    store = MemoryBindings()
    rows = [
        {"product_id": 7, "product_attribute_id": 0, "product_reference": "mug-1"},
        {"product_id": 8, "product_attribute_id": 3, "product_reference": ""},
    ]
    orders = [
        {"reference": "OK", "associations": {"order_rows": rows[:1]}},
        {"reference": "PARKED", "associations": {"order_rows": rows}},
    ]
    config = {"lines": "associations.order_rows"}
    out = execute_node(VariantResolve, config, orders, ctx=context(store))
    assert [order["reference"] for order in out["main"]] == ["OK"]
    assert out["main"][0]["lines"][0]["ITNO"] == "MUG-1"
    parked = out["not_found"][0]
    assert (parked["reference"], parked["unresolvedLines"]) == ("PARKED", [1])
    assert parked["lines"][0]["ITNO"] == "MUG-1"
    assert [(e["kind"], e["value"]) for e in store.queue] == [("combination", "8:3")]


def test_it_converts_between_two_currencies_published_against_a_third() -> None:
    store = MemoryBindings()
    store.set_rates([RATE, {**RATE, "quote": "GBP", "rate": "0.88"}])
    config = {"amount": "total", "from": "'USD'", "to": "GBP"}
    out = execute_node(CurrencyConvert, config, [{"total": "11"}], ctx=context(store))
    converted = out["main"][0]["converted"]
    assert (converted["amount"], converted["source"]) == ("8.80", "ECB (via EUR)")
