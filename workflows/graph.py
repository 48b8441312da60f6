"""The workflow document as a graph the executor walks: nodes by id, edges, order, triggers.

``Graph.from_document`` expects a document that ``validate_document`` accepted (re-exported here
with ``Problem`` and ``WORKFLOW_SCHEMA`` so callers need one import).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from workflows.schema import WORKFLOW_SCHEMA
from workflows.validation import NodeTypes, Problem, find_loops, validate_document

__all__ = [
    "WORKFLOW_SCHEMA",
    "Edge",
    "Graph",
    "GraphError",
    "NodeTypes",
    "Problem",
    "WorkflowNode",
    "validate_document",
]


class GraphError(Exception):
    """A document that cannot be walked (it loops, or is not a document at all)."""


@dataclass(frozen=True)
class WorkflowNode:
    """One node of a document, in snake_case."""

    id: str
    type: str
    type_version: int
    name: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    connection: str | None = None
    retry: dict[str, Any] | None = None
    """RetryPolicy overrides, camelCase as in the document (``RetryPolicy.merged`` reads them)."""
    timeout_seconds: float | None = None
    disabled: bool = False
    notes: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorkflowNode:
        return cls(
            id=data["id"],
            type=data["type"],
            type_version=data["typeVersion"],
            name=data.get("name") or data["id"],
            config=data.get("config") or {},
            connection=data.get("connection"),
            retry=data.get("retry"),
            timeout_seconds=data.get("timeoutSeconds"),
            disabled=bool(data.get("disabled", False)),
            notes=data.get("notes", ""),
        )


@dataclass(frozen=True)
class Edge:
    """Items leaving ``source`` by ``source_port`` arrive at ``target``'s ``target_port``."""

    id: str
    source: str
    source_port: str
    target: str
    target_port: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Edge:
        return cls(
            data["id"],
            data["source"],
            data.get("sourcePort", "main"),
            data["target"],
            data.get("targetPort", "main"),
        )


class Graph:
    """Nodes by id (in document order) and the edges between them."""

    def __init__(
        self,
        nodes: list[WorkflowNode],
        edges: list[Edge],
        settings: dict[str, Any] | None = None,
        registry: NodeTypes | None = None,
    ) -> None:
        self.nodes: dict[str, WorkflowNode] = {node.id: node for node in nodes}
        self.edges = edges
        self.settings = settings or {}
        self._registry = registry
        self._outgoing: dict[str, list[Edge]] = {node.id: [] for node in nodes}
        self._incoming: dict[str, list[Edge]] = {node.id: [] for node in nodes}
        for edge in edges:
            if edge.source not in self.nodes or edge.target not in self.nodes:
                raise GraphError(f"Edge '{edge.id}' joins a node that does not exist.")
            self._outgoing[edge.source].append(edge)
            self._incoming[edge.target].append(edge)

    @classmethod
    def from_document(cls, document: dict[str, Any], registry: NodeTypes | None = None) -> Graph:
        """The graph of a validated document.

        With a ``registry``, triggers are the nodes whose type is of kind ``trigger``; without
        one, the nodes whose type id has a ``trigger`` segment (``core.trigger.webhook``).
        Raises GraphError when the document is malformed.
        """
        try:
            nodes = [WorkflowNode.from_json(node) for node in document["nodes"]]
            edges = [Edge.from_json(edge) for edge in document["edges"]]
        except (KeyError, TypeError) as exc:
            raise GraphError(f"Not a valid workflow document (missing {exc}).") from None
        return cls(nodes, edges, document.get("settings"), registry)

    def is_trigger(self, node_id: str) -> bool:
        node = self.nodes[node_id]
        if self._registry is not None:
            node_class = self._registry.get(node.type, node.type_version)
            return node_class is not None and node_class.spec.kind == "trigger"
        return "trigger" in node.type.split(".")

    def triggers(self) -> list[WorkflowNode]:
        """The nodes that start runs, in document order."""
        return [node for node_id, node in self.nodes.items() if self.is_trigger(node_id)]

    def successors(self, node_id: str, port: str | None = None) -> list[Edge]:
        """Edges leaving ``node_id`` (by ``port`` only, when given), in document order."""
        return [edge for edge in self._outgoing[node_id] if port in (None, edge.source_port)]

    def predecessors(self, node_id: str) -> list[Edge]:
        """Edges arriving at ``node_id``, in document order."""
        return list(self._incoming[node_id])

    def ancestors(self, node_id: str) -> set[str]:
        """Every node with a path to ``node_id`` (what a test run up to it has to execute)."""
        found: set[str] = set()
        pending = [edge.source for edge in self._incoming[node_id]]
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending.extend(edge.source for edge in self._incoming[current])
        return found

    def topological_order(self) -> list[str]:
        """Node ids so that every edge goes forward; ties keep document order.

        Raises GraphError naming the nodes of a loop.
        """
        position = {node_id: index for index, node_id in enumerate(self.nodes)}
        waiting = {node_id: len(edges) for node_id, edges in self._incoming.items()}
        ready = [position[node_id] for node_id, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        ids = list(self.nodes)
        order = []
        while ready:
            node_id = ids[heapq.heappop(ready)]
            order.append(node_id)
            for edge in self._outgoing[node_id]:
                waiting[edge.target] -= 1
                if waiting[edge.target] == 0:
                    heapq.heappush(ready, position[edge.target])
        if len(order) < len(ids):
            successors = {n: [e.target for e in edges] for n, edges in self._outgoing.items()}
            loops = find_loops(ids, successors)
            raise GraphError("; ".join(f"Nodes {' → '.join(loop)} form a loop" for loop in loops))
        return order
