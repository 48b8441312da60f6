"""Which nodes a run executes, in which order, and which items reach each of them.

Works from the workflow document itself: nodes reachable from the trigger, in a topological
order that keeps the document's order among independent nodes, so every run of the same
document and payload executes the same steps in the same order.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from workflows.sdk import Item


class CycleError(Exception):
    """The nodes a run must execute loop back on themselves."""


class Flow:
    """Nodes and edges of one workflow document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.nodes: dict[str, dict[str, Any]] = {n["id"]: n for n in document.get("nodes", [])}
        self.edges: list[dict[str, Any]] = [
            e
            for e in document.get("edges", [])
            if e.get("source") in self.nodes and e.get("target") in self.nodes
        ]
        self.settings: dict[str, Any] = document.get("settings") or {}
        self._position = {node_id: index for index, node_id in enumerate(self.nodes)}

    def outgoing(self, node_id: str) -> list[dict[str, Any]]:
        return [e for e in self.edges if e["source"] == node_id]

    def incoming(self, node_id: str) -> list[dict[str, Any]]:
        return [e for e in self.edges if e["target"] == node_id]

    def wired(self, node_id: str, port: str) -> bool:
        """Whether anything is connected to output ``port`` of ``node_id``."""
        return any(e.get("sourcePort", "main") == port for e in self.outgoing(node_id))

    def plan(self, trigger: str, stop_after: str | None = None) -> list[str]:
        """The nodes that may run from ``trigger``, in execution order; with ``stop_after``
        only that node and the nodes it depends on."""
        keep = self._reachable(trigger, forward=True)
        if stop_after is not None:
            keep &= self._reachable(stop_after, forward=False)
        indegree = dict.fromkeys(keep, 0)
        for edge in self.edges:
            if edge["source"] in keep and edge["target"] in keep:
                indegree[edge["target"]] += 1
        ready = sorted((n for n, d in indegree.items() if d == 0), key=self._position.__getitem__)
        order: list[str] = []
        queue = deque(ready)
        while queue:
            node_id = queue.popleft()
            order.append(node_id)
            freed = []
            for edge in self.outgoing(node_id):
                target = edge["target"]
                if target in indegree:
                    indegree[target] -= 1
                    if indegree[target] == 0:
                        freed.append(target)
            queue.extend(sorted(set(freed), key=self._position.__getitem__))
        if len(order) != len(keep):
            stuck = sorted(set(keep) - set(order), key=self._position.__getitem__)
            raise CycleError(f"These nodes form a cycle: {', '.join(stuck)}.")
        return order

    def inputs(
        self, node_id: str, outputs: dict[str, dict[str, list[Item]]]
    ) -> dict[str, list[Item]]:
        """Items arriving at each input port of ``node_id`` from nodes that already ran.

        Each item is stamped with where it came from (source node and index in that node's
        output port), so the node's own outputs can keep the lineage.
        """
        arrived: dict[str, list[Item]] = {}
        for edge in self.incoming(node_id):
            produced = outputs.get(edge["source"], {}).get(edge.get("sourcePort", "main"), [])
            port = edge.get("targetPort", "main")
            arrived.setdefault(port, []).extend(
                Item(item.json, edge["source"], index) for index, item in enumerate(produced)
            )
        return arrived

    def feeders(self, node_id: str, outputs: dict[str, dict[str, list[Item]]]) -> set[str]:
        """The nodes whose items actually reached ``node_id``."""
        return {
            e["source"]
            for e in self.incoming(node_id)
            if outputs.get(e["source"], {}).get(e.get("sourcePort", "main"))
        }

    def _reachable(self, start: str, *, forward: bool) -> set[str]:
        seen = {start}
        queue = deque([start])
        while queue:
            node_id = queue.popleft()
            edges = self.outgoing(node_id) if forward else self.incoming(node_id)
            for edge in edges:
                other = edge["target"] if forward else edge["source"]
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        return seen
