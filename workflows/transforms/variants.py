"""Product variant resolution: a shop product or combination to the Infor item number (ITNO)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

BindingLookup = Callable[[str, str], str | None]
"""``(kind, shop id) -> Infor id`` from the cross-reference, or None."""


@dataclass(frozen=True)
class VariantKeys:
    """What the shop knows of an order line or product."""

    product_id: str = ""
    combination_id: str = ""
    """``product_attribute_id``; empty or "0" for a product without combinations."""
    reference: str = ""
    ean: str = ""

    @property
    def binding(self) -> tuple[str, str] | None:
        """The cross-reference kind and shop id to look up: combinations as product:combination."""
        if self.combination_id not in ("", "0"):
            return "combination", f"{self.product_id}:{self.combination_id}"
        if self.product_id not in ("", "0"):
            return "product", self.product_id
        return None

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> VariantKeys:
        def text(key: str) -> str:
            value = values.get(key)
            return "" if value is None else str(value).strip()

        return cls(text("productId"), text("combinationId"), text("reference"), text("ean"))


@dataclass(frozen=True)
class Resolution:
    """The ITNO found and by which rule (``binding``, ``reference``, ``ean``), or None."""

    itno: str | None
    by: str | None


def resolve_variant(
    keys: VariantKeys,
    lookup: BindingLookup | None,
    *,
    reference_is_itno: bool = True,
    ean_table: dict[str, str] | None = None,
) -> Resolution:
    """The ITNO for ``keys``: the cross-reference first, then the reference taken as the ITNO
    (when the shop's references are Infor item numbers), then the EAN table."""
    binding = keys.binding
    if lookup is not None and binding is not None:
        found = lookup(*binding)
        if found:
            return Resolution(found, "binding")
    if reference_is_itno and keys.reference:
        return Resolution(keys.reference.upper(), "reference")
    if ean_table and keys.ean and keys.ean in ean_table:
        return Resolution(str(ean_table[keys.ean]), "ean")
    return Resolution(None, None)
