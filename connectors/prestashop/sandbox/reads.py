"""GET semantics: ``display``, ``filter``, ``sort``, ``limit``, ``language`` and ``date=1``.

Follows SQLUtils and WebserviceRequest as the spec describes them (sections 4.1-4.6): filters
compare like MySQL (numbers as numbers, text case-insensitively), there is no default order,
and a bad parameter is a query error (500 with PHP warnings on the recorded PHP 8 shop).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from connectors.prestashop.sandbox.definitions import FieldDef, ResourceDef
from connectors.prestashop.sandbox.wserrors import WebserviceError, bad_query, closest
from connectors.prestashop.sandbox.xml_render import Selection

DATE_FIELDS = ("date_add", "date_upd")
_BRACKETS = re.compile(r"^(.*)\[(.*)\](.*)$", re.S)
_RANGE_SIDE = re.compile(r"^[\d.:\- ]+$")
_DISPLAY_ITEM = re.compile(r"([a-z0-9_]+)(\[[a-z0-9_,]*\])?")

Row = dict[str, Any]


@dataclass(frozen=True)
class ReadOptions:
    definition: ResourceDef
    dated: bool
    warnings: bool
    """Query errors come as 500 with PHP warnings (PHP 8) instead of 400."""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def compare_key(value: Any) -> tuple[int, float, str]:
    text = value if isinstance(value, str) else _first_language(value)
    number = _number(text) if text.strip() else None
    if number is not None:
        return (0, number, "")
    return (1, 0.0, text.casefold())


def _first_language(value: Any) -> str:
    if isinstance(value, dict):
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _equal(value: Any, wanted: str) -> bool:
    return compare_key(value) == compare_key(wanted)


def _like(value: Any, pattern: str) -> bool:
    text = _first_language(value) if not isinstance(value, str) else value
    regex = "^" + ".*".join(re.escape(p) for p in pattern.split("%")) + "$"
    regex = regex.replace(re.escape("_"), ".")
    return re.match(regex, text, re.I | re.S) is not None


def matcher(raw: str) -> Callable[[Any], bool]:
    """A predicate for one ``filter[...]`` value."""
    match = _BRACKETS.match(raw)
    if not match:
        return lambda value: _equal(value, raw)
    before, inner, after = match.groups()
    if before == ">":
        return lambda value: compare_key(value) > compare_key(inner)
    if before == "<":
        return lambda value: compare_key(value) < compare_key(inner)
    if before == "!":
        excluded = inner.split("|")
        return lambda value: not any(_equal(value, e) for e in excluded)
    if "%" in (before, after):
        return lambda value: _like(value, f"{before}{inner}{after}")
    if "|" in inner and not inner.startswith("|"):
        options = inner.split("|")
        return lambda value: any(_equal(value, o) for o in options)
    sides = inner.split(",")
    if len(sides) == 2 and all(_RANGE_SIDE.match(s) for s in sides):
        low, high = sorted(sides, key=compare_key)
        return lambda value: compare_key(low) <= compare_key(value) <= compare_key(high)
    return lambda value: _equal(value, inner)


def filterable(options: ReadOptions, *, languages: bool = True) -> list[str]:
    return [
        f.name
        for f in options.definition.fields
        if (options.dated or f.name not in DATE_FIELDS) and (languages or not f.language)
    ]


def parse_filters(
    params: Iterable[tuple[str, str]], options: ReadOptions
) -> list[Callable[[Row], bool]]:
    allowed = filterable(options)
    predicates: list[Callable[[Row], bool]] = []
    for key, value in params:
        if not (key.startswith("filter[") and key.endswith("]")):
            continue
        name = key[len("filter[") : -1]
        if name not in allowed:
            listing = ", ".join(f'"{n}"' for n in allowed)
            raise bad_query(
                options.warnings,
                32,
                f'This filter does not exist. Did you mean: "{closest(name, allowed)}"? '
                f"The full list is: {listing}",
            )
        field = options.definition.field(name)
        if field is not None and field.getter:
            raise bad_query(
                options.warnings,
                34,
                f'The field "{name}" is dynamic. It is not possible to filter GET query with '
                "this field.",
            )
        if value == "":
            raise WebserviceError(400, [(33, f'The filter "{name}" is malformed.')])
        predicates.append(_on_field(name, matcher(value)))
    return predicates


def _on_field(name: str, predicate: Callable[[Any], bool]) -> Callable[[Row], bool]:
    return lambda row: predicate(row.get(name, ""))


def parse_sort(value: str | None, options: ReadOptions) -> list[tuple[str, bool]]:
    """``[(field, descending)]``."""
    if value is None:
        return []
    items = value[1:-1].split(",") if value.startswith("[") and value.endswith("]") else [value]
    allowed = filterable(options)
    plain = filterable(options, languages=False)
    i18n = [f.name for f in options.definition.fields if f.language]
    keys = []
    for item in items:
        name, _, direction = item.rpartition("_")
        if not name or direction.upper() not in ("ASC", "DESC"):
            raise bad_query(
                options.warnings,
                37,
                'The "sort" value has to be formed as this example: "field_ASC" or '
                "'[field_1_DESC,field_2_ASC,field_3_ASC,...]' (\"field\" has to be an available "
                "field)",
            )
        if name not in allowed:
            raise bad_query(
                options.warnings,
                38,
                "Unable to filter by this field. However, these are available: "
                + ", ".join(plain)
                + ", for i18n fields:"
                + ", ".join(i18n),
            )
        keys.append((name, direction.upper() == "DESC"))
    return keys


def sort_rows(rows: list[Row], keys: list[tuple[str, bool]]) -> list[Row]:
    for name, descending in reversed(keys):
        rows = sorted(rows, key=_sort_key(name), reverse=descending)
    return rows


def _sort_key(name: str) -> Callable[[Row], tuple[int, float, str]]:
    return lambda row: compare_key(row.get(name, ""))


def _php_int(text: str) -> int:
    match = re.match(r"^\s*-?\d+", text)
    return int(match.group(0)) if match else 0


def apply_limit(rows: list[Row], value: str | None, options: ReadOptions) -> list[Row]:
    if value is None:
        return rows
    parts = value.split(",")
    if len(parts) > 2:
        raise bad_query(
            options.warnings,
            39,
            'The "limit" value has to be formed as this example: "5,25" or "10"',
        )
    if len(parts) == 2:
        offset, count = _php_int(parts[0]), _php_int(parts[1])
    else:
        offset, count = 0, _php_int(parts[0])
    return rows[max(offset, 0) : max(offset, 0) + max(count, 0)]


def parse_display(
    value: str | None, options: ReadOptions, computed: Sequence[str] = ()
) -> Selection | None:
    """None for ids only; ``full``; or the named fields in the resource's order, then the
    ``computed`` (``price[...]``) fields, which come after every real field."""
    definition = options.definition
    if value is None:
        return None
    extra = [FieldDef(name) for name in computed]
    if value == "full":
        return Selection(
            [*definition.fields, *extra], {a.name: None for a in definition.associations}
        )
    if not (value.startswith("[") and value.endswith("]")):
        raise bad_query(
            options.warnings,
            36,
            "The 'display' syntax is wrong. You can set 'full' or "
            "'[field_1,field_2,field_3,...]'. These are available: " + ", ".join(definition.names),
        )
    wanted: set[str] = set()
    associations: dict[str, list[str] | None] = {}
    for name, sub in _DISPLAY_ITEM.findall(value[1:-1]):
        association = definition.association(name)
        if association is not None:
            associations[name] = sub[1:-1].split(",") if sub else None
        elif definition.field(name) is None and name not in computed:
            raise bad_query(
                options.warnings,
                35,
                f'Unable to display this field "{name}". However, these are available: '
                + ", ".join(definition.names),
            )
        else:
            wanted.add(name)
    chosen = [f for f in [*definition.fields, *extra] if f.name in wanted]
    return Selection(chosen, associations)


def parse_language(value: str | None, installed: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return installed
    errors: list[tuple[int, str]] = []
    if value.isdigit():
        asked = [value]
    elif value.startswith("[") and value.endswith("]"):
        inner = value[1:-1]
        if "," in inner:
            low, high = (_php_int(x) for x in inner.split(",", 1))
            asked = [str(n) for n in range(low, high + 1)]
        else:
            asked = inner.split("|")
    else:
        errors.append((79, "language value is wrong"))
        asked = []
    chosen = tuple(lang for lang in installed if lang in asked)
    if not chosen:
        errors.append((81, "language is not available"))
    if errors:
        raise WebserviceError(400, errors)
    return chosen


def select(
    rows: Iterable[Row],
    params: Mapping[str, str],
    pairs: list[tuple[str, str]],
    options: ReadOptions,
) -> list[Row]:
    """Rows matching every filter, sorted, then limited."""
    predicates = parse_filters(pairs, options)
    keys = parse_sort(params.get("sort"), options)
    kept = [row for row in rows if all(p(row) for p in predicates)]
    if not keys and _filters_unindexed(pairs, options.definition.name):
        kept = sorted(kept, key=SCAN_ORDER[options.definition.name])
    return apply_limit(sort_rows(kept, keys), params.get("limit"), options)


def _by_default_category(row: Row) -> tuple[int, int]:
    return _php_int(str(row.get("id_category_default") or 0)), _php_int(str(row.get("id")))


# Without a sort the query has no ORDER BY, so rows come in the order MySQL reads them. A
# filter on a product column that has no index of its own (a reference LIKE, a name) makes it
# drive the join from product_shop's id_category_default index, the smallest index covering
# the join: rows come by default category, then id. Otherwise it reads the primary key.
SCAN_ORDER: dict[str, Callable[[Row], tuple[int, int]]] = {"products": _by_default_category}


def _filters_unindexed(pairs: Iterable[tuple[str, str]], resource: str) -> bool:
    if resource not in SCAN_ORDER:
        return False
    names = [key[len("filter[") : -1] for key, _ in pairs if key.startswith("filter[")]
    return any(name != "id" for name in names)


def fields_of(definition: ResourceDef) -> list[FieldDef]:
    return list(definition.fields)
