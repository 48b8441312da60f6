"""Country and state codes: any ISO 3166 form or English name to the codes M3 and shops use."""

from __future__ import annotations

import functools
import unicodedata

import pycountry

# Names people type that are neither ISO names nor codes.
_COMMON_NAMES = {
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states of america": "US",
    "america": "US",
    "holland": "NL",
    "the netherlands": "NL",
    "russia": "RU",
    "south korea": "KR",
    "czech republic": "CZ",
}


def _folded(text: str) -> str:
    """Lower case without accents or extra spaces, so "Côte d'Ivoire" meets "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u2019", "'")
    return " ".join(plain.casefold().split())


@functools.cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        alpha_2 = country.alpha_2
        for key in (alpha_2, country.alpha_3, getattr(country, "numeric", "")):
            index[_folded(key)] = alpha_2
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                index.setdefault(_folded(name), alpha_2)
    for name, alpha_2 in _COMMON_NAMES.items():
        index.setdefault(name, alpha_2)
    return index


def country_alpha2(value: object) -> str | None:
    """ISO 3166-1 alpha-2 for an alpha-2, alpha-3 or numeric code or an English name, or None."""
    if value is None or isinstance(value, bool):
        return None
    text = _folded(str(value))
    if not text:
        return None
    if text.isdigit():
        text = text.zfill(3)
    return _country_index().get(text)


def country_alpha3(value: object) -> str | None:
    """ISO 3166-1 alpha-3 for anything ``country_alpha2`` understands, or None."""
    alpha_2 = country_alpha2(value)
    if alpha_2 is None:
        return None
    country = pycountry.countries.get(alpha_2=alpha_2)
    return None if country is None else str(country.alpha_3)


@functools.cache
def _state_index(alpha_2: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for subdivision in pycountry.subdivisions.get(country_code=alpha_2) or []:
        short = subdivision.code.split("-", 1)[1]
        index[_folded(subdivision.code)] = short
        index[_folded(short)] = short
        index.setdefault(_folded(subdivision.name), short)
    return index


def state_code(value: object, country: object) -> str | None:
    """The subdivision code without its country prefix ("CA" for California, "ON" for Ontario)
    from a code, a full ISO 3166-2 code ("US-CA") or a name, within ``country``; or None."""
    alpha_2 = country_alpha2(country)
    if alpha_2 is None or value is None:
        return None
    text = _folded(str(value))
    return _state_index(alpha_2).get(text) if text else None
