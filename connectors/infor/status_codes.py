"""M3 customer order status codes decoded into words, and the shop's view of them."""

from __future__ import annotations

from collections.abc import Iterable

LINE_DIGITS = {
    "2": "left to allocate",
    "3": "allocated",
    "4": "on picking list",
    "6": "delivered",
    "7": "invoiced",
    "9": "deleted",
}
LINE_EXCEPTIONS = {
    "05": "quotation",
    "10": "preliminary",
    "99": "completed without delivery",
}
HEADER_STATUSES = {
    "00": "entry in progress",
    "05": "quotation",
    "10": "preliminary",
    "20": "final",
    "90": "deleted",
}


def describe_line_status(code: str) -> str:
    """``"36"`` -> ``"allocated to delivered"``: lowest then highest progress of the line."""
    code = code.strip()
    if code in LINE_EXCEPTIONS:
        return LINE_EXCEPTIONS[code]
    if len(code) != 2 or code[0] not in LINE_DIGITS or code[1] not in LINE_DIGITS:
        return f"unknown ({code})" if code else "none"
    low, high = LINE_DIGITS[code[0]], LINE_DIGITS[code[1]]
    return low if low == high else f"{low} to {high}"


def describe_header_status(code: str) -> str:
    return HEADER_STATUSES.get(code.strip(), f"unknown ({code.strip()})")


def shop_status(stat: str, lowest: str, highest: str, lines: Iterable[str] = ()) -> str:
    """The order state a web shop shows, from the header status and the lowest/highest line
    status (the spec's suggested mapping).

    The header alone misses part of a line delivered: lines 36 and 44 give ORSL 36, ORST 44.
    ``lines`` (each line's status) catch it: a line whose second digit is 6 or 7 has some of
    its quantity delivered, so the order is partly shipped.
    """
    found = _shop_status(stat, lowest, highest)
    if found == "processing" and any(_partly_delivered(code) for code in lines):
        return "partially_shipped"
    return found


def _partly_delivered(code: str) -> bool:
    code = code.strip()
    return len(code) == 2 and code[0] in "234" and code[1] in "67"


def _shop_status(stat: str, lowest: str, highest: str) -> str:
    if stat.strip() == "90" or (lowest.startswith("9") and highest.startswith("9")):
        return "cancelled"
    if lowest >= "77":
        return "invoiced"
    if lowest >= "66":
        return "shipped"
    if highest >= "66":
        return "partially_shipped"
    if highest >= "22":
        return "processing"
    return "awaiting"
