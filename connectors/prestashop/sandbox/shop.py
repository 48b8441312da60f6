"""The sandbox shop's state: tables of rows, API keys, version profile and a clock tests move."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Row = dict[str, Any]
ALL_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Profile:
    """Behaviours that differ between PrestaShop versions (spec section 1)."""

    name: str
    version: str
    patch: bool = True
    native_ints: bool = True
    """JSON integers as numbers (PHP 8.1+) or strings."""
    numeric_tag_bug: bool = False
    """8.0.x on PHP 8 writes ``<0>`` tags in some association blocks."""
    product_write_fatal: bool = False
    """The recorded 8.0 snapshot dies with a PHP fatal error on product PATCH, and after saving
    a product POSTed without ``unit_price``."""
    query_warnings: bool = True
    """Bad query parameters give 500 plus PHP warnings (PHP 8) instead of 400."""
    json_root_fatal: bool = True
    """``GET /api/?output_format=JSON`` is a fatal error on PHP 8."""
    cache_304: bool = True
    """1.7 suppresses the body on a ``Local-Content-Sha1`` match but still answers 200."""
    combination_quantity: bool = False
    """1.7 still lists the deprecated ``quantity``/``location`` on combinations."""
    meta_keywords: bool = True


PROFILES = {
    "1.7": Profile(
        "1.7",
        "1.7.8.11",
        patch=False,
        native_ints=False,
        query_warnings=False,
        json_root_fatal=False,
        cache_304=False,
        combination_quantity=True,
    ),
    "8.0": Profile("8.0", "8.0.0", numeric_tag_bug=True, product_write_fatal=True),
    "8.1": Profile("8.1", "8.1.7"),
    "9": Profile("9", "9.0.2", meta_keywords=False),
}


@dataclass
class ApiKey:
    key: str
    active: bool = True
    permissions: dict[str, frozenset[str]] | None = None
    """Methods per resource; None grants every method on every resource."""

    def allows(self, resource: str, method: str) -> bool:
        if self.permissions is None:
            return True
        return method in self.permissions.get(resource, frozenset())

    def any_on(self, resource: str) -> bool:
        return self.permissions is None or bool(self.permissions.get(resource))


class Clock:
    """Shop-local wall time that tests can freeze or move forward."""

    def __init__(self, timezone: str = "Europe/Paris") -> None:
        self.zone = ZoneInfo(timezone)
        self.offset = 0.0
        self.frozen: float | None = None

    def epoch(self) -> float:
        return (self.frozen if self.frozen is not None else time.time()) + self.offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.epoch(), self.zone)

    def text(self, delta: timedelta = timedelta()) -> str:
        """``YYYY-MM-DD HH:MM:SS`` in the shop's time zone, as PrestaShop stores dates."""
        return (self.now() + delta).strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Shop:
    """Everything the Webservice can see or change."""

    profile: Profile
    name: str = "Ferry Sandbox"
    tables: dict[str, dict[int, Row]] = field(default_factory=dict)
    keys: dict[str, ApiKey] = field(default_factory=dict)
    languages: tuple[str, ...] = ("1",)
    clock: Clock = field(default_factory=Clock)
    enabled: bool = True
    next_ids: dict[str, int] = field(default_factory=dict)
    changes: list[tuple[str, str, Row]] = field(default_factory=list)
    """(resource, "created" | "updated" | "status_changed", row) since last drained."""

    def table(self, resource: str) -> dict[int, Row]:
        return self.tables.setdefault(resource, {})

    def new_id(self, resource: str) -> int:
        current = max(self.next_ids.get(resource, 1), max(self.table(resource), default=0) + 1)
        self.next_ids[resource] = current + 1
        return current

    def rows(self, resource: str) -> list[Row]:
        # Insertion order stands in for the database's natural order: no ORDER BY by default.
        return list(self.table(resource).values())

    def find(self, resource: str, **wanted: Any) -> list[Row]:
        return [
            row
            for row in self.rows(resource)
            if all(str(row.get(k, "")) == str(v) for k, v in wanted.items())
        ]
