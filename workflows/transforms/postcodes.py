"""Postcode formats per country: check a postcode and write it the way the country's post does."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workflows.transforms.countries import country_alpha2


@dataclass(frozen=True)
class Postcode:
    """A postcode as written by its country's post, and whether it has that country's shape."""

    value: str
    valid: bool
    """False when the country's format is known and the postcode does not fit it."""


def _compact(text: str) -> str:
    return re.sub(r"[\s-]+", "", text.upper())


def _gb(text: str) -> str | None:
    # Outward code (2-4 chars) then inward code (digit + 2 letters), space between.
    compact = _compact(text)
    if re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return None


def _nl(text: str) -> str | None:
    compact = _compact(text)
    if re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact) and compact[4:] not in ("SA", "SD", "SS"):
        return f"{compact[:4]} {compact[4:]}"
    return None


def _ca(text: str) -> str | None:
    compact = _compact(text)
    if re.fullmatch(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d", compact):
        return f"{compact[:3]} {compact[3:]}"
    return None


def _us(text: str) -> str | None:
    digits = re.sub(r"[\s-]+", "", text)
    if re.fullmatch(r"\d{5}", digits):
        return digits
    if re.fullmatch(r"\d{9}", digits):
        return f"{digits[:5]}-{digits[5:]}"
    return None


def _digits(count: int, split: int | None = None, joiner: str = " ") -> Callable[[str], str | None]:
    def normalise(text: str) -> str | None:
        compact = _compact(text)
        if not re.fullmatch(rf"\d{{{count}}}", compact):
            return None
        return compact if split is None else f"{compact[:split]}{joiner}{compact[split:]}"

    return normalise


def _pl(text: str) -> str | None:
    compact = _compact(text)
    return f"{compact[:2]}-{compact[2:]}" if re.fullmatch(r"\d{5}", compact) else None


def _ie(text: str) -> str | None:
    # Eircode: routing key (letter, two digits, or D6W) and a four-character unique identifier.
    compact = _compact(text)
    if re.fullmatch(r"([AC-FHKNPRTV-Y]\d{2}|D6W)[0-9AC-FHKNPRTV-Y]{4}", compact):
        return f"{compact[:3]} {compact[3:]}"
    return None


FORMATS: dict[str, Callable[[str], str | None]] = {
    "GB": _gb,
    "NL": _nl,
    "CA": _ca,
    "US": _us,
    "IE": _ie,
    "PL": _pl,
    "DE": _digits(5),
    "FR": _digits(5),
    "IT": _digits(5),
    "ES": _digits(5),
    "FI": _digits(5),
    "BE": _digits(4),
    "AT": _digits(4),
    "CH": _digits(4),
    "DK": _digits(4),
    "NO": _digits(4),
    "AU": _digits(4),
    "SE": _digits(5, 3),
    "CZ": _digits(5, 3),
    "SK": _digits(5, 3),
    "PT": _digits(7, 4, "-"),
    "JP": _digits(7, 3, "-"),
}
"""Countries whose format is checked; others are trimmed and upper-cased only."""


def normalise_postcode(value: object, country: object) -> Postcode:
    """``value`` in the format of ``country`` (any code or name), flagged invalid when it does
    not fit a known format; unknown countries keep the text, trimmed and upper-cased."""
    text = " ".join(str(value or "").split()).upper()
    alpha_2 = country_alpha2(country)
    check = FORMATS.get(alpha_2 or "")
    if check is None:
        return Postcode(text, True)
    formatted = check(text)
    return Postcode(formatted, True) if formatted is not None else Postcode(text, False)
