"""Enrichment rules and variant resolution."""

from __future__ import annotations

from typing import Any

from workflows.transforms.enrichment import enrich
from workflows.transforms.variants import VariantKeys, resolve_variant

RULES: list[dict[str, Any]] = [
    {"when": {"country": ["DE", "AT"], "carrier": "2"}, "set": {"warehouse": "EXP"}},
    {"when": {"country": "de"}, "set": {"warehouse": "DE1", "costCentre": "CC-DE"}},
    {"when": {}, "set": {"warehouse": "MAIN", "orderType": "WEB"}},
]


def test_it_takes_each_value_from_the_first_rule_that_sets_it() -> None:
    assert enrich({"country": "DE", "carrier": 2}, RULES) == {
        "warehouse": "EXP",
        "costCentre": "CC-DE",
        "orderType": "WEB",
    }


def test_it_falls_back_to_the_catch_all_rule() -> None:
    assert enrich({"country": "FR"}, RULES) == {"warehouse": "MAIN", "orderType": "WEB"}


def test_it_binds_a_combination_as_product_and_combination() -> None:
    asked: list[tuple[str, str]] = []

    def lookup(kind: str, shop_id: str) -> str | None:
        asked.append((kind, shop_id))
        return "ITEM-RED-M" if kind == "combination" else None

    keys = VariantKeys.from_values({"productId": 7, "combinationId": 31, "reference": "x"})
    found = resolve_variant(keys, lookup)
    assert (found.itno, found.by) == ("ITEM-RED-M", "binding")
    assert asked == [("combination", "7:31")]


def test_it_falls_back_to_the_reference_then_the_ean() -> None:
    keys = VariantKeys.from_values({"productId": "7", "combinationId": "0", "reference": "ab-1"})
    assert resolve_variant(keys, lambda kind, shop_id: None).by == "reference"
    assert resolve_variant(keys, None).itno == "AB-1"
    by_ean = VariantKeys.from_values({"productId": 7, "ean": "4006381333931"})
    found = resolve_variant(
        by_ean, None, reference_is_itno=True, ean_table={"4006381333931": "PEN-01"}
    )
    assert (found.itno, found.by) == ("PEN-01", "ean")


def test_it_resolves_nothing_when_no_rule_knows_the_product() -> None:
    keys = VariantKeys.from_values({"productId": 9, "reference": "ref"})
    found = resolve_variant(keys, None, reference_is_itno=False, ean_table={})
    assert (found.itno, found.by) == (None, None)
