"""Query parameters of Webservice reads: display, filter, sort, limit, date and language.

Filters take PrestaShop's own value syntax (``[5]``, ``[1|3]``, ``[2,4]``, ``>[10]``,
``%[shirt]%``); the helpers below build it so callers need not remember the brackets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

DATE_FIELDS = frozenset({"date_add", "date_upd"})


def equals(value: Any) -> str:
    return f"[{value}]"


def one_of(values: Iterable[Any]) -> str:
    return "[" + "|".join(str(v) for v in values) + "]"


def between(low: Any, high: Any) -> str:
    """Inclusive at both ends, for numbers and ``YYYY-MM-DD HH:MM:SS`` dates."""
    return f"[{low},{high}]"


def greater_than(value: Any) -> str:
    return f">[{value}]"


def less_than(value: Any) -> str:
    return f"<[{value}]"


def begins_with(text: str) -> str:
    return f"[{text}]%"


def contains(text: str) -> str:
    return f"%[{text}]%"


def display_value(display: str | Sequence[str] | None) -> str | None:
    """``full``, ``[a,b]``, or None for ids only; a list of names becomes the bracket form."""
    if display is None or isinstance(display, str):
        return display
    return "[" + ",".join(display) + "]"


def sort_value(sort: str | Sequence[str] | None) -> str | None:
    if sort is None or isinstance(sort, str):
        return sort
    return "[" + ",".join(sort) + "]"


def stable_sort(sort: str | Sequence[str] | None) -> list[str]:
    """The sort as a list of ``field_DIR`` with ``id_ASC`` appended, so paging never skips."""
    if sort is None:
        keys: list[str] = []
    elif isinstance(sort, str):
        keys = [k for k in sort.strip("[]").split(",") if k]
    else:
        keys = list(sort)
    if not any(k.rsplit("_", 1)[0] == "id" for k in keys):
        keys.append("id_ASC")
    return keys


def needs_date_flag(filters: Mapping[str, str], sort: Sequence[str]) -> bool:
    """``date=1`` must be sent whenever a date field is filtered or sorted on (spec 4.3)."""
    return bool(DATE_FIELDS & set(filters)) or any(k.rsplit("_", 1)[0] in DATE_FIELDS for k in sort)


def build_params(
    *,
    display: str | Sequence[str] | None = None,
    filters: Mapping[str, str] | None = None,
    sort: str | Sequence[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    language: int | str | None = None,
    date: bool = False,
) -> list[tuple[str, str]]:
    """Query parameters in the order PrestaShop documents them."""
    params: list[tuple[str, str]] = []
    shown = display_value(display)
    if shown:
        params.append(("display", shown))
    for name, value in (filters or {}).items():
        params.append((f"filter[{name}]", value))
    sorted_by = sort_value(sort)
    if sorted_by:
        params.append(("sort", sorted_by))
    if limit is not None:
        params.append(("limit", f"{offset},{limit}" if offset else str(limit)))
    if language is not None:
        params.append(("language", str(language)))
    keys = stable_sort(sort) if sort else []
    if date or needs_date_flag(filters or {}, keys):
        params.append(("date", "1"))
    return params
