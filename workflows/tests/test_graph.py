"""The Graph the executor walks: nodes, edges by port, triggers and a stable order."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.graph import Edge, Graph, GraphError
from workflows.registry import Registry
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec


def _node(node_id: str, type_id: str = "test.step", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": type_id, "typeVersion": 1, "config": {}, **extra}


def _edge(source: str, target: str, source_port: str = "main", target_port: str = "main") -> Any:
    return {
        "id": f"{source}-{source_port}-{target}",
        "source": source,
        "sourcePort": source_port,
        "target": target,
        "targetPort": target_port,
    }


DOCUMENT: dict[str, Any] = {
    "schemaVersion": 1,
    "nodes": [
        _node("hook", "core.trigger.webhook"),
        _node("check", "test.if", name="Paid?"),
        _node("late", retry={"maximumAttempts": 5}, timeoutSeconds=3),
        _node("order"),
        _node("join", "test.merge"),
    ],
    "edges": [
        _edge("hook", "check"),
        _edge("check", "order", "true"),
        _edge("check", "late", "false"),
        _edge("order", "join", "main", "a"),
        _edge("late", "join", "main", "b"),
    ],
    "settings": {"businessKey": "reference"},
}


def test_it_reads_nodes_by_id_in_snake_case() -> None:
    graph = Graph.from_document(DOCUMENT)

    late = graph.nodes["late"]
    assert list(graph.nodes) == ["hook", "check", "late", "order", "join"]
    assert (late.retry, late.timeout_seconds, late.name) == ({"maximumAttempts": 5}, 3, "late")
    assert graph.nodes["check"].name == "Paid?"
    assert graph.settings == {"businessKey": "reference"}


def test_it_gives_the_edges_leaving_by_a_port() -> None:
    graph = Graph.from_document(DOCUMENT)

    assert [edge.target for edge in graph.successors("check", "true")] == ["order"]
    assert [edge.target for edge in graph.successors("check")] == ["order", "late"]
    assert graph.successors("check", "error") == []


def test_it_gives_the_edges_arriving_with_their_ports() -> None:
    graph = Graph.from_document(DOCUMENT)

    assert graph.predecessors("join") == [
        Edge("order-main-join", "order", "main", "join", "a"),
        Edge("late-main-join", "late", "main", "join", "b"),
    ]
    assert graph.ancestors("join") == {"hook", "check", "order", "late"}


def test_it_orders_nodes_so_every_edge_goes_forward() -> None:
    assert Graph.from_document(DOCUMENT).topological_order() == [
        "hook",
        "check",
        "late",
        "order",
        "join",
    ]


def test_it_refuses_to_order_a_loop() -> None:
    looping = {**DOCUMENT, "edges": [*DOCUMENT["edges"], _edge("join", "check")]}

    with pytest.raises(GraphError, match="check → order → join → check"):
        Graph.from_document(looping).topological_order()


def test_it_finds_triggers_by_type_id_without_a_registry() -> None:
    assert [node.id for node in Graph.from_document(DOCUMENT).triggers()] == ["hook"]


class _Step(Node):
    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        return NodeResult()


class Poller(_Step):
    spec = NodeSpec(
        type_id="test.poll",
        version=1,
        display_name="Poll",
        description="Starts runs.",
        category="Triggers",
        icon="clock",
        kind="trigger",
        inputs=(),
    )


def test_it_finds_triggers_by_kind_with_a_registry() -> None:
    document = {**DOCUMENT, "nodes": [_node("poll", "test.poll"), *DOCUMENT["nodes"][1:]]}
    graph = Graph.from_document(
        {**document, "edges": DOCUMENT["edges"][1:]}, Registry([Poller], [])
    )

    assert [node.id for node in graph.triggers()] == ["poll"]


def test_it_refuses_a_document_it_cannot_read() -> None:
    with pytest.raises(GraphError, match="missing 'edges'"):
        Graph.from_document({"nodes": []})
    with pytest.raises(GraphError, match="does not exist"):
        Graph.from_document({"nodes": [], "edges": [_edge("a", "b")]})
