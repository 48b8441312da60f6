"""Workflow document validation: every problem at once, each naming the node and the field.

``validate_document`` checks the document's shape against ``WORKFLOW_SCHEMA`` and then what only
the node types know: that each type and version exists, the config each type accepts, the
JSONata in its expression fields, the ports edges use and their data types, loops and triggers.
Problem codes are stable; the API and the canvas group by them.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import jsonschema

from workflows.config_paths import values_at
from workflows.expressions import check_syntax
from workflows.schema import WORKFLOW_SCHEMA
from workflows.sdk import Node, Port

_VALIDATOR = jsonschema.Draft202012Validator(WORKFLOW_SCHEMA)
_QUOTED = re.compile(r"'([^']*)'")
_LONGEST_MESSAGE = 300


class NodeTypes(Protocol):
    """What validation needs from the registry."""

    def get(self, type_id: str, version: int) -> type[Node] | None: ...

    def latest(self, type_id: str) -> type[Node] | None: ...


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (node id, dotted field) and why."""

    node_id: str | None
    field: str
    message: str
    code: str
    """``schema``, ``unknown_type``, ``unknown_version``, ``duplicate_id``, ``dangling_edge``,
    ``trigger_input``, ``port_mismatch``, ``cycle``, ``config``, ``expression``, ``timeout``
    or ``no_trigger``."""

    def to_json(self) -> dict[str, Any]:
        return {
            "nodeId": self.node_id,
            "field": self.field,
            "message": self.message,
            "code": self.code,
        }


@dataclass
class _Node:
    """A node whose id is usable, with what its type tells about it (None when unknown)."""

    node_class: type[Node] | None
    ports: tuple[tuple[Port, ...], tuple[Port, ...]] | None


@dataclass
class _Findings:
    problems: list[Problem] = field(default_factory=list)
    nodes: dict[str, _Node] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, node_id: str | None, where: str, message: str, code: str) -> None:
        self.problems.append(Problem(node_id, where, message, code))


def validate_document(document: Any, registry: NodeTypes) -> list[Problem]:
    """Every problem in ``document``; an empty list means it can be saved and run."""
    found = _Findings(problems=schema_problems(document))
    if not isinstance(document, dict):
        return found.problems
    for node in _dicts(document.get("nodes")):
        _check_node(node, registry, found)
    edge_ids: set[str] = set()
    for edge in _dicts(document.get("edges")):
        _check_edge(edge, edge_ids, found)
    for loop in find_loops(list(found.nodes), found.successors):
        found.add(loop[0], "edges", f"Nodes {' → '.join(loop)} form a loop.", "cycle")
    _check_business_key(document.get("settings"), found)
    _check_annotations(document.get("annotations"), found)
    _check_has_trigger(found)
    return found.problems


def schema_problems(document: Any) -> list[Problem]:
    """Shape errors, located at the node (by id) and field they are in."""
    errors = sorted(_VALIDATOR.iter_errors(document), key=_path_order)
    return [_schema_problem(document, error) for error in errors]


def _path_order(error: jsonschema.ValidationError) -> list[tuple[int, int, str]]:
    return [(1, part, "") if isinstance(part, int) else (0, 0, part) for part in error.path]


def _schema_problem(document: Any, error: jsonschema.ValidationError) -> Problem:
    path = [str(part) for part in error.absolute_path]
    if error.validator in ("required", "additionalProperties") and (
        names := _QUOTED.findall(error.message)
    ):
        path.append(names[0])
    node_id = None
    if len(path) >= 2 and path[0] in ("nodes", "edges", "annotations"):
        element = _element(document, path[0], int(path[1]))
        element_id = element.get("id") if isinstance(element, dict) else None
        if isinstance(element_id, str) and path[0] == "nodes":
            node_id, path = element_id, path[2:]
        elif isinstance(element_id, str):
            path[1] = element_id
    return Problem(node_id, ".".join(path), _short(error.message), "schema")


def _check_node(node: dict[str, Any], registry: NodeTypes, found: _Findings) -> None:
    node_id, type_id, version = node.get("id"), node.get("type"), node.get("typeVersion")
    if not isinstance(node_id, str):
        return
    if node_id in found.nodes:
        found.add(node_id, "id", f"Another node already has the id '{node_id}'.", "duplicate_id")
        return
    found.nodes[node_id] = _Node(None, None)
    found.successors[node_id] = []
    if not isinstance(type_id, str) or not isinstance(version, int) or isinstance(version, bool):
        return
    node_class = registry.get(type_id, version)
    if node_class is None:
        _report_unknown_type(node_id, type_id, version, registry, found)
        return
    found.nodes[node_id] = _Node(node_class, None)
    config = node.get("config", {})
    if not isinstance(config, dict):
        return
    config_is_valid = _check_config(node_id, node_class, config, found)
    # Ports may depend on the config, so only a valid config can tell them.
    found.nodes[node_id] = _Node(
        node_class, _ports(node_class, config) if config_is_valid else None
    )
    _check_expressions(node_id, node_class, config, found)
    timeout = node.get("timeoutSeconds")
    if isinstance(timeout, int | float) and timeout > node_class.spec.timeout_s:
        found.add(
            node_id,
            "timeoutSeconds",
            f"A node may only shorten its type's timeout of {node_class.spec.timeout_s:g} s.",
            "timeout",
        )


def _report_unknown_type(
    node_id: str, type_id: str, version: int, registry: NodeTypes, found: _Findings
) -> None:
    latest = registry.latest(type_id)
    if latest is None:
        message = f"Unknown node type '{type_id}'; is its connector package installed?"
        found.add(node_id, "type", message, "unknown_type")
    else:
        message = (
            f"Node type '{type_id}' has no version {version}; "
            f"the newest installed is {latest.spec.version}."
        )
        found.add(node_id, "typeVersion", message, "unknown_version")


def _ports(
    node_class: type[Node], config: dict[str, Any]
) -> tuple[tuple[Port, ...], tuple[Port, ...]] | None:
    """The node's ports, or None when its config is too broken to tell them."""
    try:
        return node_class.ports(config)
    except Exception:
        # A type whose ports cannot be worked out leaves its edges unchecked, not the save broken.
        return None


def _check_config(
    node_id: str, node_class: type[Node], config: dict[str, Any], found: _Findings
) -> bool:
    """Report the config's problems; True when it has none."""
    try:
        issues = node_class.validate_config(config)
    except Exception as exc:
        # A type's own checker tripping over odd input is itself worth telling the user.
        found.add(node_id, "config", f"The config could not be checked: {exc}", "config")
        return False
    for issue in issues:
        where = f"config.{issue.field}" if issue.field else "config"
        found.add(node_id, where, _short(issue.message), "config")
    return not issues


def _check_expressions(
    node_id: str, node_class: type[Node], config: dict[str, Any], found: _Findings
) -> None:
    for path in node_class.spec.expression_fields:
        for concrete, value in values_at(config, path):
            if isinstance(value, str) and value.strip() and (error := check_syntax(value)):
                message = f"JSONata {error.code} {error.message}"
                found.add(node_id, f"config.{concrete}", message, "expression")


def _check_edge(edge: dict[str, Any], edge_ids: set[str], found: _Findings) -> None:
    texts = _edge_texts(edge)
    if texts is None:
        return  # the schema problems say what is wrong with it
    edge_id, source, source_port, target, target_port = texts
    where = f"edges.{edge_id}"
    owner = source if source in found.nodes else target if target in found.nodes else None
    if edge_id in edge_ids:
        found.add(owner, where, f"Another edge already has the id '{edge_id}'.", "duplicate_id")
        return
    edge_ids.add(edge_id)
    ends = (("source", source), ("target", target))
    missing = [(end, name) for end, name in ends if name not in found.nodes]
    for end, name in missing:
        message = f"Edge '{edge_id}' {_VERB[end]} node '{name}', which does not exist."
        found.add(owner, f"{where}.{end}", message, "dangling_edge")
    if missing:
        return
    target_class = found.nodes[target].node_class
    if target_class is not None and target_class.spec.kind == "trigger":
        message = f"Edge '{edge_id}' leads into trigger '{target}'; a trigger takes no input."
        found.add(target, f"{where}.target", message, "trigger_input")
        return
    found.successors[source].append(target)
    _check_ports(edge_id, (source, source_port), (target, target_port), found)


def _edge_texts(edge: dict[str, Any]) -> tuple[str, str, str, str, str] | None:
    """(id, source, source port, target, target port) when all are strings."""
    texts = (
        edge.get("id"),
        edge.get("source"),
        edge.get("sourcePort", "main"),
        edge.get("target"),
        edge.get("targetPort", "main"),
    )
    strings = tuple(text for text in texts if isinstance(text, str))
    if len(strings) != len(texts):
        return None
    return strings[0], strings[1], strings[2], strings[3], strings[4]


_VERB = {"source": "starts at", "target": "leads to"}


def _check_ports(
    edge_id: str, start: tuple[str, str], end: tuple[str, str], found: _Findings
) -> None:
    where = f"edges.{edge_id}"
    output = _port(start, 1, f"{where}.sourcePort", found)
    entry = _port(end, 0, f"{where}.targetPort", found)
    if output is None or entry is None:
        return
    if output.is_error:
        fits = entry.data_type in ("any", "error")
    else:
        fits = "any" in (output.data_type, entry.data_type) or output.data_type == entry.data_type
    if not fits:
        given = "errors" if output.is_error else f"'{output.data_type}' items"
        message = (
            f"Edge '{edge_id}' carries {given} from '{start[0]}.{output.name}' into "
            f"'{end[0]}.{entry.name}', which takes '{entry.data_type}'."
        )
        found.add(start[0], where, message, "port_mismatch")


def _port(end: tuple[str, str], side: int, where: str, found: _Findings) -> Port | None:
    """The port ``end`` names on side 0 (inputs) or 1 (outputs); reports it when absent."""
    node_id, name = end
    ports = found.nodes[node_id].ports
    if ports is None:
        return None
    for port in ports[side]:
        if port.name == name:
            return port
    kind = "output" if side else "input"
    names = ", ".join(str(port.name) for port in ports[side]) or "none"
    message = f"Node '{node_id}' has no {kind} port '{name}' ({kind}s: {names})."
    found.add(node_id, where, message, "dangling_edge")
    return None


def _check_business_key(settings: Any, found: _Findings) -> None:
    key = settings.get("businessKey") if isinstance(settings, dict) else None
    if isinstance(key, str) and key.strip() and (error := check_syntax(key)):
        message = f"JSONata {error.code} {error.message}"
        found.add(None, "settings.businessKey", message, "expression")


def _check_annotations(annotations: Any, found: _Findings) -> None:
    """Sticky notes only need ids the designer can tell apart; the engine never reads them."""
    seen: set[str] = set()
    for note in _dicts(annotations):
        note_id = note.get("id")
        if not isinstance(note_id, str):
            continue
        if note_id in seen:
            message = f"Another note already has the id '{note_id}'."
            found.add(None, f"annotations.{note_id}.id", message, "duplicate_id")
        seen.add(note_id)


def _check_has_trigger(found: _Findings) -> None:
    classes = [node.node_class for node in found.nodes.values()]
    if None in classes:
        return  # a node of an unknown type may be the trigger; that node is reported already
    if not any(node_class and node_class.spec.kind == "trigger" for node_class in classes):
        message = "The workflow has no trigger, so nothing can start it; add one."
        found.add(None, "nodes", message, "no_trigger")


def find_loops(order: list[str], successors: dict[str, list[str]]) -> list[list[str]]:
    """One loop per group of nodes that reach each other, as ``[a, b, ..., a]``.

    Each loop is the shortest one through the group's first node in ``order``.
    """
    predecessors: dict[str, list[str]] = {node: [] for node in order}
    for node, targets in successors.items():
        for target in targets:
            predecessors[target].append(node)
    placed: set[str] = set()
    loops = []
    for start in order:
        if start in placed:
            continue
        group = _reachable(start, successors) & _reachable(start, predecessors)
        if loop := _shortest_loop(start, successors):
            loops.append(loop)
            placed |= group
    return loops


def _reachable(start: str, links: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    queue = deque(links.get(start, []))
    while queue:
        node = queue.popleft()
        if node not in seen:
            seen.add(node)
            queue.extend(links.get(node, []))
    return seen


def _shortest_loop(start: str, successors: dict[str, list[str]]) -> list[str] | None:
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in successors.get(node, []):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if target not in parent:
                parent[target] = node
                queue.append(target)
    return None


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _element(document: Any, key: str, index: int) -> Any:
    items = document.get(key) if isinstance(document, dict) else None
    return items[index] if isinstance(items, list) and index < len(items) else None


def _short(message: str) -> str:
    if len(message) <= _LONGEST_MESSAGE:
        return message
    return message[: _LONGEST_MESSAGE - 1] + "…"
