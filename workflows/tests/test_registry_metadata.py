"""Lints the metadata of every registered node type, so the palette and forms stay consistent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from workflows.config_paths import schema_at
from workflows.registry import CATEGORIES, default_registry
from workflows.sdk import Node

TYPE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "to",
    "with",
}
WIDGETS = {"text", "number", "select", "jsonata", "json", "keyValue", "code", "credentials"}
UI_EXTRAS = {"connection", "outputsFrom"}
NODES = default_registry().nodes()


def _ids(node: type[Node]) -> str:
    return f"{node.spec.type_id}@{node.spec.version}"


def _defaults(schema: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema that declares a default, with where it sits."""
    if isinstance(schema, dict):
        if "default" in schema:
            yield path or "(root)", schema
        for key, value in schema.items():
            yield from _defaults(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _defaults(value, f"{path}/{index}")


@pytest.mark.parametrize("node", NODES, ids=_ids)
def test_it_names_the_node_type_consistently(node: type[Node]) -> None:
    spec = node.spec
    assert TYPE_ID.match(spec.type_id), spec.type_id
    words = spec.display_name.split()
    assert words, "display name is empty"
    for position, word in enumerate(words):
        if position and word in SMALL_WORDS:
            continue
        assert word[0].isupper() or word[0].isdigit(), f"'{spec.display_name}' is not Title Case"
    assert spec.description[0].isupper(), spec.description
    assert spec.description.endswith("."), spec.description
    assert spec.category in CATEGORIES, spec.category


@pytest.mark.parametrize("node", NODES, ids=_ids)
def test_it_declares_a_valid_schema_with_valid_defaults(node: type[Node]) -> None:
    schema = node.spec.config_schema
    jsonschema.Draft202012Validator.check_schema(schema)
    for where, subschema in _defaults(schema):
        without_default = {k: v for k, v in subschema.items() if k != "default"}
        validator = jsonschema.Draft202012Validator(without_default)
        errors = list(validator.iter_errors(subschema["default"]))
        assert not errors, f"default at {where} is invalid: {errors[0].message}"
    for path in node.spec.expression_fields:
        assert schema_at(schema, path) is not None, f"expression field {path} is not in the schema"


@pytest.mark.parametrize("node", NODES, ids=_ids)
def test_it_gives_the_canvas_known_widgets(node: type[Node]) -> None:
    properties = node.spec.config_schema.get("properties", {})
    for field, hints in node.spec.ui.items():
        assert field in properties or field in UI_EXTRAS, f"ui hint for unknown field {field}"
        if isinstance(hints, dict) and "widget" in hints:
            assert hints["widget"] in WIDGETS, f"{field}: unknown widget {hints['widget']}"
        enum = properties.get(field, {}).get("enum")
        if enum is not None and "options" in hints:
            assert [option["value"] for option in hints["options"]] == enum, field
        for other in hints.get("showWhen", {}):
            assert other in properties, f"{field} depends on unknown field {other}"
    for path in node.spec.expression_fields:
        top = path.split(".")[0].removesuffix("[]")
        assert top in node.spec.ui, f"expression field {path} has no UI hint"


@pytest.mark.parametrize("node", NODES, ids=_ids)
def test_it_declares_a_sane_retry_policy_and_timeout(node: type[Node]) -> None:
    spec = node.spec
    retry = spec.retry
    assert retry.maximum_attempts >= 1
    assert 0 <= retry.initial_interval <= retry.maximum_interval
    assert retry.backoff_coefficient >= 1
    assert 0 <= retry.jitter < 1
    assert spec.timeout_s > 0
    assert spec.side_effects in {"none", "idempotent", "unsafe"}
    if spec.credential_type is not None:
        assert default_registry().credential_type(spec.credential_type) is not None
    if spec.kind == "trigger":
        assert spec.inputs == ()


@pytest.mark.parametrize("node", NODES, ids=_ids)
def test_it_accepts_its_own_default_config(node: type[Node]) -> None:
    schema = node.spec.config_schema
    defaults = {
        name: prop["default"]
        for name, prop in schema.get("properties", {}).items()
        if "default" in prop
    }
    required = set(schema.get("required", []))
    if required <= set(defaults):
        assert node.validate_config(defaults) == []
