"""Currency conversion with stamped rates and rounding to each currency's minor unit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

Rounding = Literal["half_even", "half_up"]

_MODES = {"half_even": ROUND_HALF_EVEN, "half_up": ROUND_HALF_UP}

# ISO 4217 currencies whose minor unit is not 2 (the list published with the standard).
MINOR_UNITS: dict[str, int] = {
    "BHD": 3, "BIF": 0, "CLF": 4, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3, "ISK": 0, "JOD": 3,
    "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3, "OMR": 3, "PYG": 0, "RWF": 0, "TND": 3,
    "UGX": 0, "UYI": 0, "UYW": 4, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip


class CurrencyError(ValueError):
    """A value that cannot take part in a conversion: names what and why."""


@dataclass(frozen=True)
class Rate:
    """``1 base = rate quote``, as published by ``source`` for ``date`` (ISO date)."""

    base: str
    quote: str
    rate: Decimal
    source: str = ""
    date: str = ""

    def inverse(self) -> Rate:
        return Rate(self.quote, self.base, Decimal(1) / self.rate, self.source, self.date)

    def to_json(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "quote": self.quote,
            "rate": format(self.rate.normalize(), "f"),
            "source": self.source,
            "date": self.date,
        }

    @classmethod
    def from_json(cls, data: Any) -> Rate:
        """A rate from ``{"base", "quote", "rate", "source"?, "date"?}``; CurrencyError if not."""
        if not isinstance(data, dict):
            raise CurrencyError(f"A rate must be an object, not {type(data).__name__}.")
        rate = decimal(data.get("rate"), "rate")
        if rate <= 0:
            raise CurrencyError(f"A rate must be positive, not {rate}.")
        return cls(
            currency_code(data.get("base"), "base"),
            currency_code(data.get("quote"), "quote"),
            rate,
            str(data.get("source") or ""),
            iso_date(data.get("date")) if data.get("date") else "",
        )


def iso_date(value: Any, field: str = "date") -> str:
    """The ISO date (``YYYY-MM-DD``) that ``value`` starts with (a date or a timestamp)."""
    text = str(value or "").strip()[:10]
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise CurrencyError(f"'{field}' must be an ISO date (YYYY-MM-DD), not {value!r}.") from None


def currency_code(value: Any, field: str = "currency") -> str:
    """An upper-case three-letter code; CurrencyError naming ``field`` otherwise."""
    code = str(value or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise CurrencyError(f"'{field}' must be a three-letter ISO 4217 code, not {value!r}.")
    return code


def decimal(value: Any, field: str = "amount") -> Decimal:
    """``value`` (number or numeric text) as a Decimal; floats go through their shortest text."""
    if isinstance(value, bool) or value is None:
        raise CurrencyError(f"'{field}' must be a number, not {value!r}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CurrencyError(f"'{field}' must be a number, not {value!r}.") from None
    if not number.is_finite():
        raise CurrencyError(f"'{field}' must be a finite number, not {value!r}.")
    return number


def minor_units(currency: str) -> int:
    """Digits after the decimal point for ``currency`` (2 unless ISO 4217 says otherwise)."""
    return MINOR_UNITS.get(currency.upper(), 2)


def round_amount(amount: Any, currency: str, rounding: Rounding = "half_even") -> Decimal:
    """``amount`` rounded to the minor unit of ``currency``."""
    if rounding not in _MODES:
        raise CurrencyError(f"Rounding must be one of {sorted(_MODES)}, not {rounding!r}.")
    exponent = Decimal(1).scaleb(-minor_units(currency_code(currency)))
    return decimal(amount).quantize(exponent, rounding=_MODES[rounding])


def find_rate(rates: list[Rate], base: str, quote: str) -> Rate | None:
    """The rate from ``base`` to ``quote``: given directly, as the inverse of the opposite one,
    or crossed through a third currency both are quoted against (a central bank publishes
    every rate against its own currency, so USD to GBP goes through EUR).

    Among several, the latest by date wins (ISO dates sort as text). A crossed rate is dated
    by the older of its two rates and names both sources.
    """
    if base == quote:
        return Rate(base, quote, Decimal(1), "identity", "")
    found = _pair(rates, base, quote)
    if found is not None:
        return found
    pivots = {r.quote for r in rates if r.base == base} | {r.base for r in rates if r.quote == base}
    for pivot in sorted(pivots - {base, quote}):
        first, second = _pair(rates, base, pivot), _pair(rates, pivot, quote)
        if first is not None and second is not None:
            sources = dict.fromkeys(s for s in (first.source, second.source) if s)
            return Rate(
                base,
                quote,
                first.rate * second.rate,
                f"{' + '.join(sources)} (via {pivot})",
                min(first.date, second.date),
            )
    return None


def _pair(rates: list[Rate], base: str, quote: str) -> Rate | None:
    direct = [r for r in rates if r.base == base and r.quote == quote]
    if direct:
        return max(direct, key=lambda r: r.date)
    opposite = [r for r in rates if r.base == quote and r.quote == base]
    return max(opposite, key=lambda r: r.date).inverse() if opposite else None


def convert(amount: Any, rate: Rate, rounding: Rounding = "half_even") -> dict[str, Any]:
    """``amount`` in ``rate.base`` converted to ``rate.quote``, stamped with the rate used.

    Returns ``{"amount", "currency", "rate", "source", "date", "original": {...}}`` with
    amounts as decimal text, so no float ever rounds a price on the way.
    """
    original = decimal(amount)
    converted = round_amount(original * rate.rate, rate.quote, rounding)
    return {
        "amount": str(converted),
        "currency": rate.quote,
        "rate": format(rate.rate.normalize(), "f"),
        "source": rate.source,
        "date": rate.date,
        "original": {"amount": str(original), "currency": rate.base},
    }
