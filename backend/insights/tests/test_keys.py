"""Business keys read from runs: the fields people search by, at any depth, without case."""

from __future__ import annotations

from backend.insights.keys import keys_in, keys_in_json


def test_it_finds_key_fields_at_any_depth_without_case() -> None:
    data = {
        "order": {"Reference": " XKBKNABJK ", "lines": [{"ITNO": "SKU-00007"}, {"item": 12}]},
        "customer": {"email": "Ada@Example.com"},
    }

    assert set(keys_in(data)) == {"xkbknabjk", "sku-00007", "12", "ada@example.com"}


def test_it_ignores_other_fields_flags_empty_and_overlong_values() -> None:
    data = {"name": "Ada", "email": True, "reference": "", "sku": "x" * 201, "orno": None}

    assert list(keys_in(data)) == []


def test_it_finds_keys_deep_down_but_not_inside_text_or_fractions() -> None:
    deep: dict[str, object] = {"reference": "BOTTOM"}
    for _ in range(12):
        deep = {"next": deep}
    data = {
        "deep": deep,
        "note": '{"reference": "IN-A-STRING"}',
        "item": 12.5,
        "sku": 'caf\u00e9 \\ "quoted"',
    }

    assert set(keys_in(data)) == {"bottom", 'café \\ "quoted"'}


def test_it_reads_the_json_text_as_postgresql_and_sqlite_render_it() -> None:
    assert list(keys_in_json('{"ORNO" : "0000012345", "cuor":  77}')) == ["0000012345", "77"]
    assert list(keys_in_json('{"reference":"A","other":{"reference": -3}}')) == ["a", "-3"]
