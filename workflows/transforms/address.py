"""Address standardisation: country and state codes, postcode format, ERP street lines."""

from __future__ import annotations

from typing import Any

from workflows.transforms.address_lines import M3_LINE_COUNT, M3_LINE_WIDTH, split_lines
from workflows.transforms.countries import country_alpha2, state_code
from workflows.transforms.postcodes import normalise_postcode


def standardise_address(
    address: dict[str, Any], width: int = M3_LINE_WIDTH, count: int = M3_LINE_COUNT
) -> dict[str, Any]:
    """A standard address from ``{"lines": [...], "postcode", "city", "country", "state"}``.

    Returns ``{"lines", "postcode", "city", "country" (alpha-2), "state" (code), "problems"}``
    plus ``"m3"``: the same in M3's fields (``CUA1..CUA4 PONO TOWN CSCD ECAR``). Each problem
    is ``{"field", "message"}``: an unknown country, a postcode not in the country's format,
    a state not of the country, street text that did not fit the lines.
    """
    problems: list[dict[str, str]] = []
    raw_country = address.get("country")
    country = country_alpha2(raw_country)
    if country is None:
        problems.append({"field": "country", "message": f"Unknown country {raw_country!r}."})
    postcode = normalise_postcode(address.get("postcode"), country)
    if not postcode.valid:
        message = (
            f"'{postcode.value}' is not a postcode of the form used in {country}."
            if postcode.value
            else f"The address has no postcode, which {country} uses."
        )
        problems.append({"field": "postcode", "message": message})
    raw_state = address.get("state")
    state = state_code(raw_state, country) if raw_state not in (None, "") else None
    if raw_state not in (None, "") and state is None and country is not None:
        problems.append(
            {"field": "state", "message": f"{raw_state!r} is not a state of {country}."}
        )
    split = split_lines(address.get("lines") or [], width, count)
    if not split.lines:
        # M3 refuses a customer or order address without its first line (CUA1).
        problems.append({"field": "lines", "message": "The address has no street line."})
    if split.overflow:
        problems.append(
            {
                "field": "lines",
                "message": f"Street text did not fit {count} lines: {split.overflow!r}.",
            }
        )
    city = " ".join(str(address.get("city") or "").split())
    lines = split.lines
    m3 = {f"CUA{n}": lines[n - 1] if n <= len(lines) else "" for n in range(1, count + 1)}
    m3 |= {"PONO": postcode.value, "TOWN": city, "CSCD": country or "", "ECAR": state or ""}
    return {
        "lines": lines,
        "postcode": postcode.value,
        "city": city,
        "country": country,
        "state": state,
        "problems": problems,
        "m3": m3,
    }
