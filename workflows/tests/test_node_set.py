"""Set adds or overwrites fields with JSONata values."""

from __future__ import annotations

import pytest

from workflows.nodes.set_fields import SetFields
from workflows.sdk import NodeError
from workflows.testing import execute_node


def test_it_adds_fields_and_keeps_the_others() -> None:
    fields = [{"name": "total", "value": "qty * price"}, {"name": "currency", "value": "'EUR'"}]
    out = execute_node(SetFields, {"fields": fields}, [{"qty": 2, "price": 3}])
    assert out["main"] == [{"qty": 2, "price": 3, "total": 6, "currency": "EUR"}]


def test_it_can_keep_only_the_fields_it_sets() -> None:
    config = {"fields": [{"name": "id", "value": "ref"}], "keepOtherFields": False}
    out = execute_node(SetFields, config, [{"ref": "A", "noise": 1}])
    assert out["main"] == [{"id": "A"}]


def test_it_sets_nested_fields_without_changing_the_input() -> None:
    original = {"customer": {"name": "Ann"}}
    config = {"fields": [{"name": "customer.email", "value": "'ann@example.com'"}]}
    out = execute_node(SetFields, config, [original])
    assert out["main"] == [{"customer": {"name": "Ann", "email": "ann@example.com"}}]
    assert original == {"customer": {"name": "Ann"}}


def test_it_names_the_field_whose_value_failed() -> None:
    config = {"fields": [{"name": "ok", "value": "1"}, {"name": "bad", "value": "a + 1"}]}
    with pytest.raises(NodeError) as caught:
        execute_node(SetFields, config, [{"a": "x"}])
    assert caught.value.field == "fields.1.value"
