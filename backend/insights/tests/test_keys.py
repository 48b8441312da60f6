"""Business keys read from runs: the fields people search by, at any depth, without case."""

from __future__ import annotations

from backend.insights.keys import keys_in


def test_it_finds_key_fields_at_any_depth_without_case() -> None:
    data = {
        "order": {"Reference": " XKBKNABJK ", "lines": [{"ITNO": "SKU-00007"}, {"item": 12}]},
        "customer": {"email": "Ada@Example.com"},
    }

    assert set(keys_in(data)) == {"xkbknabjk", "sku-00007", "12", "ada@example.com"}


def test_it_ignores_other_fields_flags_empty_and_overlong_values() -> None:
    data = {"name": "Ada", "email": True, "reference": "", "sku": "x" * 201, "orno": None}

    assert list(keys_in(data)) == []


def test_it_stops_at_the_depth_limit() -> None:
    deep: dict[str, object] = {"reference": "BOTTOM"}
    for _ in range(12):
        deep = {"next": deep}

    assert list(keys_in(deep)) == []
