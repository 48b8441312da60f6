"""The node registry: built-in and installed node types and credential types, checked on load.

Built-ins are listed below by hand; connector packages add theirs through the entry-point
groups ``ferry.nodes`` and ``ferry.credentials``, each entry naming a list of classes.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Iterable
from typing import Any

import jsonschema

from workflows.credentials import HttpBasicAuth, HttpBearerAuth, HttpHeaderAuth, WebhookHmacSecret
from workflows.nodes.address import AddressStandardise
from workflows.nodes.bindings import BindingLookup, BindingRecord
from workflows.nodes.branching import If, Switch
from workflows.nodes.call_workflow import CallWorkflow
from workflows.nodes.currency import CurrencyConvert, CurrencySetRates
from workflows.nodes.delay import Delay
from workflows.nodes.enrich import Enrich
from workflows.nodes.for_each import ForEach
from workflows.nodes.http_request import HttpRequest
from workflows.nodes.json_schema_validate import JsonSchemaValidate
from workflows.nodes.jsonata_map import JsonataMap
from workflows.nodes.merge import Merge
from workflows.nodes.schedule import ScheduleTrigger
from workflows.nodes.set_fields import SetFields
from workflows.nodes.status_map import StatusMap
from workflows.nodes.stop import StopWithError
from workflows.nodes.triggers import ManualTrigger, WebhookTrigger
from workflows.nodes.variant import VariantResolve
from workflows.sdk import CredentialType, Node
from workflows.transforms.functions import install_functions

BUILTIN_NODES: list[type[Node]] = [
    WebhookTrigger,
    ManualTrigger,
    ScheduleTrigger,
    JsonataMap,
    JsonSchemaValidate,
    If,
    Switch,
    ForEach,
    Merge,
    SetFields,
    HttpRequest,
    Delay,
    CallWorkflow,
    BindingLookup,
    BindingRecord,
    CurrencyConvert,
    CurrencySetRates,
    AddressStandardise,
    StatusMap,
    VariantResolve,
    Enrich,
    StopWithError,
]

JSONATA_FUNCTIONS = install_functions()
"""The transformation library's ``$functions``, available in every expression of the process."""

BUILTIN_CREDENTIAL_TYPES: list[type[CredentialType]] = [
    HttpBasicAuth,
    HttpBearerAuth,
    HttpHeaderAuth,
    WebhookHmacSecret,
]

CATEGORIES = ("Triggers", "Transform", "Flow", "HTTP", "Workflows", "PrestaShop", "Infor")
"""Palette groups, in the order the canvas shows them."""

NODE_GROUP = "ferry.nodes"
CREDENTIAL_GROUP = "ferry.credentials"


class RegistryError(Exception):
    """A node or credential type that cannot be loaded, naming it and why."""


class Registry:
    """Node types keyed by ``(type_id, version)`` and credential types keyed by id."""

    def __init__(
        self, nodes: Iterable[type[Node]], credential_types: Iterable[type[CredentialType]]
    ) -> None:
        self._nodes: dict[tuple[str, int], type[Node]] = {}
        for node in nodes:
            _check_node(node)
            if node.spec.key in self._nodes:
                raise RegistryError(f"Node type {node.spec.key} is registered twice.")
            self._nodes[node.spec.key] = node
        self._credentials: dict[str, type[CredentialType]] = {}
        for credential in credential_types:
            _check_credential_type(credential)
            if credential.type_id in self._credentials:
                raise RegistryError(f"Credential type '{credential.type_id}' is registered twice.")
            self._credentials[credential.type_id] = credential

    def get(self, type_id: str, version: int) -> type[Node] | None:
        return self._nodes.get((type_id, version))

    def latest(self, type_id: str) -> type[Node] | None:
        versions = [key for key in self._nodes if key[0] == type_id]
        return self._nodes[max(versions)] if versions else None

    def nodes(self) -> list[type[Node]]:
        """All node types, all versions, sorted by category then display name."""
        return sorted(
            self._nodes.values(),
            key=lambda n: (n.spec.category, n.spec.display_name, n.spec.type_id, n.spec.version),
        )

    def credential_types(self) -> list[type[CredentialType]]:
        return sorted(self._credentials.values(), key=lambda c: c.type_id)

    def credential_type(self, type_id: str) -> type[CredentialType] | None:
        return self._credentials.get(type_id)


@functools.cache
def default_registry() -> Registry:
    """The built-ins plus every installed package's entry points, loaded once per process."""
    nodes = [*BUILTIN_NODES, *_entry_point_classes(NODE_GROUP)]
    credentials = [*BUILTIN_CREDENTIAL_TYPES, *_entry_point_classes(CREDENTIAL_GROUP)]
    return Registry(nodes, credentials)


def _entry_point_classes(group: str) -> list[Any]:
    classes: list[Any] = []
    for entry_point in importlib.metadata.entry_points(group=group):
        loaded = entry_point.load()
        if not isinstance(loaded, list | tuple):
            raise RegistryError(
                f"Entry point '{entry_point.name}' in {group} must name a list of classes."
            )
        classes.extend(loaded)
    return classes


def _check_node(node: type[Node]) -> None:
    spec = getattr(node, "spec", None)
    if spec is None:
        raise RegistryError(f"{node.__qualname__} has no spec.")
    name = f"Node type '{spec.type_id}' v{spec.version}"
    try:
        jsonschema.Draft202012Validator.check_schema(spec.config_schema)
    except jsonschema.SchemaError as exc:
        raise RegistryError(f"{name} has an invalid config schema: {exc.message}")
    for direction, ports in (("input", spec.inputs), ("output", spec.outputs)):
        names = [port.name for port in ports]
        if len(names) != len(set(names)):
            raise RegistryError(f"{name} repeats an {direction} port name: {names}.")
    if not spec.icon.strip():
        raise RegistryError(f"{name} has no icon.")
    if not spec.description.strip():
        raise RegistryError(f"{name} has no description.")


def _check_credential_type(credential: type[CredentialType]) -> None:
    try:
        jsonschema.Draft202012Validator.check_schema(credential.fields_schema)
    except jsonschema.SchemaError as exc:
        raise RegistryError(
            f"Credential type '{credential.type_id}' has an invalid fields schema: {exc.message}"
        )
    properties = credential.fields_schema.get("properties", {})
    for secret in credential.secret_fields:
        if secret not in properties:
            raise RegistryError(
                f"Credential type '{credential.type_id}' declares secret '{secret}' "
                "that is not one of its fields."
            )
