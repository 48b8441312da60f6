"""The registry loads node and credential types, refuses broken ones, and finds versions."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.credentials import HttpBearerAuth
from workflows.registry import Registry, RegistryError, default_registry
from workflows.sdk import CredentialType, Item, Node, NodeContext, NodeResult, NodeSpec, Port


def _node(type_id: str = "test.echo", version: int = 1, **overrides: Any) -> type[Node]:
    fields: dict[str, Any] = {
        "type_id": type_id,
        "version": version,
        "display_name": "Echo",
        "description": "Passes items on.",
        "category": "Flow",
        "icon": "echo",
        **overrides,
    }

    class Echo(Node):
        spec = NodeSpec(**fields)

        def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
            return NodeResult.on("main", inputs.get("main", []))

    return Echo


def test_it_finds_a_node_type_by_id_and_version() -> None:
    one, two = _node(version=1), _node(version=2)
    registry = Registry([one, two], [])
    assert registry.get("test.echo", 1) is one
    assert registry.get("test.echo", 3) is None
    assert registry.latest("test.echo") is two
    assert registry.latest("test.missing") is None


def test_it_refuses_a_type_registered_twice() -> None:
    with pytest.raises(RegistryError, match="registered twice"):
        Registry([_node(), _node()], [])


def test_it_refuses_an_invalid_config_schema() -> None:
    with pytest.raises(RegistryError, match="invalid config schema"):
        Registry([_node(config_schema={"type": "no-such-type"})], [])


def test_it_refuses_repeated_port_names() -> None:
    ports = (Port("main", "Output"), Port("main", "Again"))
    with pytest.raises(RegistryError, match="port name"):
        Registry([_node(outputs=ports)], [])


def test_it_refuses_a_node_without_icon_or_description() -> None:
    with pytest.raises(RegistryError, match="icon"):
        Registry([_node(icon=" ")], [])
    with pytest.raises(RegistryError, match="description"):
        Registry([_node(description="")], [])


def test_it_refuses_a_secret_that_is_not_a_field() -> None:
    class Broken(CredentialType):
        type_id = "test.broken"
        display_name = "Broken"
        fields_schema = {"type": "object", "properties": {}}
        secret_fields = ("token",)

    with pytest.raises(RegistryError, match="secret 'token'"):
        Registry([], [Broken])


def test_it_sorts_nodes_by_category_then_name() -> None:
    registry = Registry(
        [
            _node("test.b", display_name="Beta", category="Transform"),
            _node("test.a", display_name="Alpha", category="Transform"),
            _node("test.c", display_name="Zulu", category="Flow"),
        ],
        [HttpBearerAuth],
    )
    assert [n.spec.type_id for n in registry.nodes()] == ["test.c", "test.a", "test.b"]
    assert registry.credential_type("core.http.bearer") is HttpBearerAuth


def test_it_serves_every_built_in_from_the_default_registry() -> None:
    registry = default_registry()
    assert registry is default_registry()
    ids = {node.spec.type_id for node in registry.nodes()}
    assert {"core.trigger.webhook", "core.trigger.manual", "core.trigger.schedule"} <= ids
    credential_ids = {c.type_id for c in registry.credential_types()}
    assert {"core.http.basic", "core.http.bearer", "core.http.header"} <= credential_ids
    assert "core.webhook.hmac" in credential_ids


class _EntryPoint:
    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value

    def load(self) -> object:
        return self.value


def test_it_adds_node_and_credential_types_from_entry_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra_node = _node("acme.widget.get")

    class AcmeKey(CredentialType):
        type_id = "acme.key"
        display_name = "Acme Key"
        fields_schema = {"type": "object", "properties": {"key": {"type": "string"}}}
        secret_fields = ("key",)

    groups = {
        "ferry.nodes": [_EntryPoint("acme", [extra_node])],
        "ferry.credentials": [_EntryPoint("acme", [AcmeKey])],
    }
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: groups.get(group, []))
    default_registry.cache_clear()
    try:
        registry = default_registry()
        assert registry.get("acme.widget.get", 1) is extra_node
        assert registry.credential_type("acme.key") is AcmeKey
        assert registry.get("core.http.request", 1) is not None
    finally:
        default_registry.cache_clear()


def test_it_refuses_an_entry_point_that_is_not_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = {"ferry.nodes": [_EntryPoint("acme", _node())]}
    monkeypatch.setattr("importlib.metadata.entry_points", lambda group: broken.get(group, []))
    default_registry.cache_clear()
    try:
        with pytest.raises(RegistryError, match="list of classes"):
            default_registry()
    finally:
        default_registry.cache_clear()
