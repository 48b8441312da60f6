"""The transformation library as JSONata functions, callable as ``$name(...)`` in every mapping.

Functions take and return JSON values; amounts come back as numbers except where a stamp is
returned (``$convertMoney``), whose amounts are decimal text so no float rounds a price.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from workflows.expressions import register_function, registered_functions
from workflows.transforms.address import standardise_address
from workflows.transforms.address_lines import M3_LINE_COUNT, M3_LINE_WIDTH, split_lines
from workflows.transforms.countries import country_alpha2, country_alpha3, state_code
from workflows.transforms.currency import (
    Rate,
    Rounding,
    convert,
    currency_code,
    find_rate,
    minor_units,
    round_amount,
)
from workflows.transforms.enrichment import enrich
from workflows.transforms.postcodes import normalise_postcode
from workflows.transforms.status import decide_status


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def round_money(amount: Any, currency: Any, rounding: Rounding | None = None) -> int | float:
    return _number(round_amount(amount, currency_code(currency), rounding or "half_even"))


def convert_money(
    amount: Any, source: Any, target: Any, rates: Any, rounding: Rounding | None = None
) -> dict[str, Any] | None:
    """``$convertMoney(amount, from, to, rates)``: rates is an array of rate objects."""
    if amount is None:
        return None
    table = [Rate.from_json(rate) for rate in (rates if isinstance(rates, list) else [rates])]
    rate = find_rate(table, currency_code(source, "from"), currency_code(target, "to"))
    if rate is None:
        raise ValueError(f"No rate from {source} to {target} among the {len(table)} given.")
    return convert(amount, rate, rounding or "half_even")


def address_lines(parts: Any, width: Any = None, count: Any = None) -> list[str]:
    return split_lines(parts, int(width or M3_LINE_WIDTH), int(count or M3_LINE_COUNT)).lines


def standardise(address: Any, width: Any = None, count: Any = None) -> dict[str, Any]:
    if not isinstance(address, dict):
        raise ValueError("The address must be an object.")
    return standardise_address(address, int(width or M3_LINE_WIDTH), int(count or M3_LINE_COUNT))


def map_status(table: Any, facts: Any, current: Any = None) -> dict[str, Any]:
    if not isinstance(table, dict) or not isinstance(facts, dict):
        raise ValueError("$mapStatus(table, facts, current) needs a table and facts objects.")
    return decide_status(table, facts, current).to_json()


def enrich_values(facts: Any, rules: Any) -> dict[str, Any]:
    if not isinstance(facts, dict) or not isinstance(rules, list):
        raise ValueError("$enrich(facts, rules) needs a facts object and an array of rules.")
    return enrich(facts, rules)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "countryCode": country_alpha2,
    "countryCode3": country_alpha3,
    "stateCode": state_code,
    "postcode": lambda value, country=None: normalise_postcode(value, country).value,
    "postcodeValid": lambda value, country=None: normalise_postcode(value, country).valid,
    "addressLines": address_lines,
    "standardiseAddress": standardise,
    "minorUnits": lambda currency: minor_units(currency_code(currency)),
    "roundMoney": round_money,
    "convertMoney": convert_money,
    "mapStatus": map_status,
    "enrich": enrich_values,
}
"""Name (called as ``$name``) -> function."""


def _reported(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` whose bad-input errors read "$name: why" in the expression's error."""

    @functools.wraps(func)
    def call(*args: Any) -> Any:
        try:
            return func(*args)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise ValueError(f"${name}: {exc}") from None

    return call


def install_functions() -> list[str]:
    """Register every function of the library with the expression engine (once per process);
    returns the names registered."""
    for name, func in FUNCTIONS.items():
        if name not in registered_functions():
            register_function(name, _reported(name, func))
    return sorted(FUNCTIONS)
