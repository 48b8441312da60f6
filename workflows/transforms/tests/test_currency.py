"""Currency conversion: minor units, rounding modes, rate lookup both ways, stamps."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workflows.transforms.currency import (
    CurrencyError,
    Rate,
    convert,
    find_rate,
    minor_units,
    round_amount,
)

EUR_USD = Rate("EUR", "USD", Decimal("1.0832"), "ECB", "2026-11-26")


def test_it_knows_the_minor_units_of_iso_4217() -> None:
    assert (minor_units("EUR"), minor_units("JPY"), minor_units("BHD"), minor_units("kwd")) == (
        2,
        0,
        3,
        3,
    )


def test_it_rounds_half_to_even_by_default_and_half_up_on_request() -> None:
    assert round_amount("2.345", "EUR") == Decimal("2.34")
    assert round_amount("2.345", "EUR", "half_up") == Decimal("2.35")
    assert round_amount("12.5", "JPY") == Decimal("12")
    assert round_amount("1.23456", "BHD") == Decimal("1.235")


def test_it_rounds_floats_by_their_shortest_text_not_their_binary_value() -> None:
    # 2.675 as a binary float is 2.67499999...; a price typed as 2.675 must round as 2.675.
    assert round_amount(2.675, "EUR", "half_up") == Decimal("2.68")


def test_it_refuses_amounts_and_codes_that_are_not_money() -> None:
    with pytest.raises(CurrencyError, match="'amount' must be a number"):
        round_amount("abc", "EUR")
    with pytest.raises(CurrencyError, match="three-letter"):
        round_amount("1", "EURO")
    with pytest.raises(CurrencyError, match="Rounding"):
        round_amount("1", "EUR", "down")  # type: ignore[arg-type]


def test_it_finds_a_rate_directly_inversely_and_the_latest_one() -> None:
    older = Rate("EUR", "USD", Decimal("1.05"), "ECB", "2026-11-01")
    assert find_rate([older, EUR_USD], "EUR", "USD") == EUR_USD
    inverse = find_rate([EUR_USD], "USD", "EUR")
    assert inverse is not None
    assert (inverse.base, inverse.quote, inverse.date) == ("USD", "EUR", "2026-11-26")
    assert inverse.rate * Decimal("1.0832") == pytest.approx(Decimal(1))
    assert find_rate([EUR_USD], "EUR", "GBP") is None
    assert find_rate([], "EUR", "EUR") is not None


def test_it_stamps_a_conversion_with_rate_source_and_date() -> None:
    assert convert("100", EUR_USD) == {
        "amount": "108.32",
        "currency": "USD",
        "rate": "1.0832",
        "source": "ECB",
        "date": "2026-11-26",
        "original": {"amount": "100", "currency": "EUR"},
    }


def test_it_rounds_a_conversion_to_the_target_currency() -> None:
    yen = Rate("EUR", "JPY", Decimal("161.237"), "ECB", "2026-11-26")
    assert convert("10.00", yen)["amount"] == "1612"


def test_it_reads_rates_from_json_and_refuses_bad_ones() -> None:
    rate = Rate.from_json({"base": "eur", "quote": "gbp", "rate": 0.85})
    assert (rate.base, rate.quote, rate.rate) == ("EUR", "GBP", Decimal("0.85"))
    assert rate.to_json()["rate"] == "0.85"
    with pytest.raises(CurrencyError, match="positive"):
        Rate.from_json({"base": "EUR", "quote": "GBP", "rate": 0})
    with pytest.raises(CurrencyError, match="object"):
        Rate.from_json("1.2")


def test_it_reads_rate_dates_from_dates_or_timestamps_and_refuses_others() -> None:
    rate = Rate.from_json({"base": "EUR", "quote": "GBP", "rate": 1, "date": "2026-11-26T16:00"})
    assert rate.date == "2026-11-26"
    with pytest.raises(CurrencyError, match="ISO date"):
        Rate.from_json({"base": "EUR", "quote": "GBP", "rate": 1, "date": "yesterday"})


def test_it_crosses_rates_through_the_currency_they_are_published_against() -> None:
    rates = [
        EUR_USD,
        Rate("EUR", "GBP", Decimal("0.85"), "ECB", "2026-11-25"),
        Rate("EUR", "CHF", Decimal("0.95"), "ECB", "2026-11-26"),
    ]
    crossed = find_rate(rates, "USD", "GBP")
    assert crossed is not None
    assert (crossed.source, crossed.date) == ("ECB (via EUR)", "2026-11-25")
    assert convert("108.32", crossed)["amount"] == "85.00"
    assert find_rate(rates, "USD", "JPY") is None
