"""The shipped template workflows: list them, read their parameters, fill them in.

A template is ``<name>.json`` in the CLI's export format plus ``<name>.md``. Its parameters are
read from the document itself, so what the canvas shows is what gets installed:

- connections: one slot per credential type the nodes use (``shop`` for ``prestashop.shop``,
  ``infor`` for ``infor.ionapi``); every node of that type gets the chosen connection;
- settings: the fields of the node with id ``settings`` (a Set node whose values are JSONata),
  plus the ``parameters.settings`` entries of the file that point into other nodes' config.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from workflows.expressions import compile_expression
from workflows.registry import Registry, default_registry

TEMPLATES_DIR = Path(__file__).parent
SETTINGS_NODE = "settings"
SLOT_NAMES = {"prestashop.shop": "shop", "infor.ionapi": "infor", "core.webhook.hmac": "signing"}


class TemplateError(ValueError):
    """A template name, connection or setting that cannot be used; ``field`` names which."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ConnectionSlot:
    name: str
    credential_type: str
    nodes: tuple[str, ...]
    required: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "credentialType": self.credential_type,
            "nodes": list(self.nodes),
            "required": self.required,
        }


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str
    targets: tuple[str, ...]
    """``settings.<field>`` for the Settings node, or ``<node id>.config.<key>`` (one or more)."""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "default": self.default, "description": self.description}


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    document: dict[str, Any]
    connections: tuple[ConnectionSlot, ...]
    settings: tuple[Setting, ...]
    readme: str = field(default="", repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "connections": [slot.to_json() for slot in self.connections],
            "settings": [setting.to_json() for setting in self.settings],
            "readme": self.readme,
        }


def template_names() -> list[str]:
    return sorted(path.stem for path in TEMPLATES_DIR.glob("*.json"))


def list_templates() -> list[Template]:
    return [load_template(name) for name in template_names()]


@cache
def _read(name: str) -> dict[str, Any]:
    path = TEMPLATES_DIR / f"{name}.json"
    if name not in template_names():
        raise TemplateError(f"There is no template named {name!r}.", "name")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_template(name: str, registry: Registry | None = None) -> Template:
    data = _read(name)
    document = data["document"]
    readme_path = TEMPLATES_DIR / f"{name}.md"
    return Template(
        name=name,
        title=str(data.get("name") or name),
        description=str(data.get("description") or ""),
        document=copy.deepcopy(document),
        connections=_slots(document, registry or default_registry()),
        settings=_settings(data, document),
        readme=readme_path.read_text(encoding="utf-8") if readme_path.exists() else "",
    )


def _slots(document: dict[str, Any], registry: Registry) -> tuple[ConnectionSlot, ...]:
    by_type: dict[str, list[str]] = {}
    for node in document["nodes"]:
        node_class = registry.get(node["type"], node["typeVersion"])
        credential_type = node_class.spec.credential_type if node_class else None
        if credential_type:
            by_type.setdefault(credential_type, []).append(node["id"])
    return tuple(
        ConnectionSlot(
            SLOT_NAMES.get(kind, kind),
            kind,
            tuple(nodes),
            # The webhook's signing connection is optional: without one, the hook is unsigned.
            required=kind != "core.webhook.hmac",
        )
        for kind, nodes in by_type.items()
    )


def _settings(data: dict[str, Any], document: dict[str, Any]) -> tuple[Setting, ...]:
    found: list[Setting] = []
    described = (data.get("parameters") or {}).get("settings") or {}
    for node in document["nodes"]:
        if node["id"] != SETTINGS_NODE:
            continue
        for entry in node["config"].get("fields", []):
            name = entry["name"].removeprefix("settings.")
            default = compile_expression(entry["value"]).evaluate({})
            info = described.get(name, {})
            found.append(
                Setting(name, default, str(info.get("description", "")), (f"settings.{name}",))
            )
    for name, info in described.items():
        if "target" in info:
            targets = info["target"] if isinstance(info["target"], list) else [info["target"]]
            default = _config_value(document, targets[0])
            found.append(Setting(name, default, str(info.get("description", "")), tuple(targets)))
    return tuple(found)


def _config_value(document: dict[str, Any], target: str) -> Any:
    node_id, _, key = target.partition(".config.")
    for node in document["nodes"]:
        if node["id"] == node_id:
            return node["config"].get(key)
    raise TemplateError(f"Setting target {target!r} names no node of the template.", "target")


def instantiate(
    template: Template, connections: dict[str, str], settings: dict[str, Any]
) -> dict[str, Any]:
    """The template's document with ``connections`` (slot → connection id) and ``settings``
    (name → value) filled in. Unknown names and missing required slots are refused."""
    document = copy.deepcopy(template.document)
    slots = {slot.name: slot for slot in template.connections}
    for name in connections:
        if name not in slots:
            raise TemplateError(
                f"The template has no connection {name!r}; it has {', '.join(slots)}.",
                f"connections.{name}",
            )
    for slot in template.connections:
        chosen = connections.get(slot.name)
        if not chosen and slot.required:
            raise TemplateError(
                f"Choose a {slot.credential_type} connection for {slot.name!r}.",
                f"connections.{slot.name}",
            )
        for node in document["nodes"]:
            if node["id"] in slot.nodes:
                node["connection"] = chosen or None
    known = {setting.name: setting for setting in template.settings}
    for name, value in settings.items():
        if name not in known:
            raise TemplateError(
                f"The template has no setting {name!r}; it has {', '.join(known) or 'none'}.",
                f"settings.{name}",
            )
        _apply(document, known[name], value)
    return document


def _apply(document: dict[str, Any], setting: Setting, value: Any) -> None:
    for target in setting.targets:
        if target.startswith("settings."):
            for node in document["nodes"]:
                if node["id"] != SETTINGS_NODE:
                    continue
                for entry in node["config"]["fields"]:
                    if entry["name"] == target:
                        # A JSON literal is also a JSONata literal: the value is taken as it is.
                        entry["value"] = json.dumps(value)
            continue
        node_id, _, key = target.partition(".config.")
        for node in document["nodes"]:
            if node["id"] == node_id:
                node["config"][key] = value
