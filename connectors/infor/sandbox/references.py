"""The item numbers shared with the PrestaShop sandbox by convention (docs/infor-sandbox.md).

Product n (1-based) has reference ``FER-<n, 5 digits>``; a product with combinations has
``FER-<n, 5 digits>-<v>`` for variant v. In M3 some are deliberately absent or renamed, so that
workflows meet "item does not exist" the way they would on a real tenant.
"""

from __future__ import annotations

PRODUCTS = 330
VARIANTS = 3


def product_reference(n: int) -> str:
    return f"FER-{n:05d}"


def variant_reference(n: int, variant: int) -> str:
    return f"FER-{n:05d}-{variant}"


def has_variants(n: int) -> bool:
    return n % 10 == 0


def missing_in_m3(n: int) -> bool:
    """Every 25th product is not in M3 at all (nor its combinations)."""
    return n % 25 == 0


def renamed_in_m3(n: int) -> bool:
    """Every 30th product (that is not missing) is known in M3 without the dash: FER00030."""
    return n % 30 == 0 and not missing_in_m3(n)


def m3_item_number(reference: str) -> str | None:
    """The ITNO M3 holds for a shop reference, or None when M3 has no such item."""
    parts = reference.split("-")
    if len(parts) not in (2, 3) or parts[0] != "FER" or not parts[1].isdigit():
        return None
    n = int(parts[1])
    if not 1 <= n <= PRODUCTS or missing_in_m3(n):
        return None
    if renamed_in_m3(n):
        return "FER" + "-".join(parts[1:])
    return reference


def shop_references() -> list[tuple[int, str]]:
    """Every reference the shop sandbox sells: (product n, reference)."""
    references = []
    for n in range(1, PRODUCTS + 1):
        references.append((n, product_reference(n)))
        if has_variants(n):
            references += [(n, variant_reference(n, v)) for v in range(1, VARIANTS + 1)]
    return references
