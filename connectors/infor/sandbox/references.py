"""The item numbers shared with the PrestaShop sandbox by convention (docs/infor-sandbox.md).

The shop sandbox's generated catalogue gives product n (1-based) the reference
``SKU-<n, 5 digits>``; every third product has combinations ``SKU-<n>-<colour><size>`` where the
colour is the first two letters of White, Black, Blue or Red and the size S, M, L or XL. M3 holds
an item for every reference that rule can produce, except some, deliberately absent or renamed,
so that workflows meet "item does not exist" the way they would on a real tenant.
"""

from __future__ import annotations

PREFIX = "SKU"
PRODUCTS = 300
COLOUR_CODES = ("WH", "BL", "RE")
"""White, Black/Blue (both BL), Red."""
SIZES = ("S", "M", "L", "XL")


def product_reference(n: int) -> str:
    return f"{PREFIX}-{n:05d}"


def variant_references(n: int) -> list[str]:
    return [f"{PREFIX}-{n:05d}-{c}{s}" for c in COLOUR_CODES for s in SIZES]


def has_variants(n: int) -> bool:
    return n % 3 == 0


def missing_in_m3(n: int) -> bool:
    """Every 25th product is not in M3 at all (nor its combinations)."""
    return n % 25 == 0


def renamed_in_m3(n: int) -> bool:
    """Every 30th product (that is not missing) is known in M3 without the first dash:
    SKU00030, SKU00030-WHS."""
    return n % 30 == 0 and not missing_in_m3(n)


def m3_item_number(reference: str) -> str | None:
    """The ITNO M3 holds for a shop reference, or None when M3 has no such item."""
    parts = reference.split("-")
    if len(parts) not in (2, 3) or parts[0] != PREFIX or not parts[1].isdigit():
        return None
    n = int(parts[1])
    if not 1 <= n <= PRODUCTS or missing_in_m3(n):
        return None
    if len(parts) == 3 and (not has_variants(n) or reference not in variant_references(n)):
        return None
    if renamed_in_m3(n):
        return PREFIX + "-".join(parts[1:])
    return reference


def shop_references() -> list[tuple[int, str]]:
    """Every reference the shop sandbox can sell: (product n, reference)."""
    references = []
    for n in range(1, PRODUCTS + 1):
        references.append((n, product_reference(n)))
        if has_variants(n):
            references += [(n, reference) for reference in variant_references(n)]
    return references
