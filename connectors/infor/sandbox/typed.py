"""Checks admin changes against a dataclass's field types, so bad input is a 400, not a crash."""

from __future__ import annotations

import types
import typing
from typing import Any


def problems(target: object, changes: dict[str, Any]) -> list[str]:
    """One sentence per unknown key or value of the wrong type."""
    hints = typing.get_type_hints(type(target))
    found = []
    for name, value in changes.items():
        if name not in hints or name.startswith("_"):
            found.append(f"{name} is not a known key")
        elif not fits(hints[name], value):
            found.append(f"{name} cannot be {value!r}")
    return found


def fits(hint: Any, value: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(fits(option, value) for option in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if origin in (list, tuple):
        element = [a for a in typing.get_args(hint) if a is not Ellipsis][0]
        return isinstance(value, list) and all(fits(element, v) for v in value)
    return False
