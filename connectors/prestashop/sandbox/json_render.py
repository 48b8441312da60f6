"""JSON bodies with the Webservice's habits: ``[]`` for nothing, falsy fields dropped on single
objects, integers typed only on PHP 8.1+, and PHP's escaping of slashes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from connectors.prestashop.sandbox.definitions import FieldDef, ResourceDef
from connectors.prestashop.sandbox.xml_render import Selection

_INT = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class JsonStyle:
    native_ints: bool = True
    """PHP 8.1+ returns INT columns as numbers; older PHP as strings (ids are always numbers)."""
    numeric_tag_bug: bool = False
    languages: tuple[str, ...] = ("1",)


def encode(payload: Any) -> str:
    """``json_encode`` output: compact, ``\\/`` for slashes, ``\\uXXXX`` for non-ASCII."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")


def _value(field: FieldDef, value: Any, style: JsonStyle) -> Any:
    if field.language:
        values = value if isinstance(value, dict) else {}
        if len(style.languages) == 1:
            return values.get(style.languages[0], "")
        return [{"id": lang, "value": values.get(lang, "")} for lang in style.languages]
    text = "" if value is None else str(value)
    if field.integer and _INT.match(text) and (style.native_ints or field.name == "id"):
        return int(text)
    return text


def record(
    definition: ResourceDef, row: dict[str, Any], selection: Selection, style: JsonStyle
) -> dict[str, Any]:
    out = {f.name: _value(f, row.get(f.name, ""), style) for f in selection.fields}
    associations: dict[str, Any] = {}
    for assoc in definition.associations:
        if assoc.name not in selection.associations:
            continue
        items = row.get("associations", {}).get(assoc.name, [])
        if not items:
            continue
        names = selection.associations[assoc.name]
        if assoc.numeric_tag_bug and style.numeric_tag_bug:
            associations[assoc.name] = [[None] for _ in items]
            continue
        fields = [f for f in assoc.fields if names is None or f.name in names]
        associations[assoc.name] = [
            {f.name: _value(f, i.get(f.name, ""), style) for f in fields} for i in items
        ]
    if associations:
        out["associations"] = associations
    return out


def single(
    definition: ResourceDef, row: dict[str, Any], selection: Selection, style: JsonStyle
) -> str:
    """One object without ``display``: PHP's array_filter drops "", "0", 0 and null."""
    full = record(definition, row, selection, style)
    kept = {k: v for k, v in full.items() if v not in ("", "0", 0, None, [], {})}
    return encode({definition.element: kept})


def listing(
    definition: ResourceDef,
    rows: Iterable[dict[str, Any]],
    selection: Selection | None,
    style: JsonStyle,
) -> str:
    """A list (ids only when ``selection`` is None); an empty list is a bare ``[]``."""
    if selection is None:
        items: list[Any] = [{"id": int(row["id"])} for row in rows]
    else:
        items = [record(definition, row, selection, style) for row in rows]
    if not items:
        return "[]"
    return encode({definition.name: items})


def errors(items: Sequence[tuple[int, str]]) -> str:
    return encode({"errors": [{"code": code, "message": message} for code, message in items]})
