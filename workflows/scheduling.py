"""Which nodes a run executes, in which order, and which items reach each of them.

Nodes reachable from the trigger run in the graph's topological order (ties keep the
document's order), so every run of the same document and payload takes the same steps.
"""

from __future__ import annotations

from workflows.graph import Graph
from workflows.sdk import Item

Outputs = dict[str, list[Item]]


def plan(graph: Graph, trigger: str, stop_after: str | None = None) -> list[str]:
    """The nodes that may run from ``trigger``, in execution order; with ``stop_after`` only
    that node and the nodes it depends on. Raises GraphError when the graph loops."""
    keep = descendants(graph, trigger) | {trigger}
    if stop_after is not None:
        keep &= graph.ancestors(stop_after) | {stop_after}
    return [node_id for node_id in graph.topological_order() if node_id in keep]


def descendants(graph: Graph, node_id: str) -> set[str]:
    """Every node a path from ``node_id`` leads to."""
    found: set[str] = set()
    pending = [edge.target for edge in graph.successors(node_id)]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(edge.target for edge in graph.successors(current))
    return found


def arriving(graph: Graph, node_id: str, outputs: dict[str, Outputs]) -> Outputs:
    """Items arriving at each input port of ``node_id`` from the nodes that already ran.

    Each item is stamped with where it came from (source node, index in that node's output
    port), so the node's own outputs keep the lineage.
    """
    arrived: Outputs = {}
    for edge in graph.predecessors(node_id):
        produced = outputs.get(edge.source, {}).get(edge.source_port, [])
        arrived.setdefault(edge.target_port, []).extend(
            Item(item.json, edge.source, index) for index, item in enumerate(produced)
        )
    return arrived


def feeders(graph: Graph, node_id: str, outputs: dict[str, Outputs]) -> set[str]:
    """The nodes whose items actually reached ``node_id``."""
    return {
        edge.source
        for edge in graph.predecessors(node_id)
        if outputs.get(edge.source, {}).get(edge.source_port)
    }
