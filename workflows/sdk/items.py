"""Items flow between nodes; a NodeResult says which items leave by which output port."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Item:
    """One JSON value travelling through the graph, with where it came from."""

    json: Any
    source_node: str | None = None
    """Id of the node that produced the item this one derives from."""
    source_index: int | None = None
    """Index of that item in its node's output, so per-item results can be traced back."""

    def to_json(self) -> dict[str, Any]:
        return {"json": self.json, "sourceNode": self.source_node, "sourceIndex": self.source_index}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return cls(data.get("json"), data.get("sourceNode"), data.get("sourceIndex"))


@dataclass
class NodeResult:
    """Items per output port; ports absent or empty stop that branch."""

    outputs: dict[str, list[Item]] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def on(cls, port: str, items: list[Item]) -> NodeResult:
        return cls(outputs={port: items})
