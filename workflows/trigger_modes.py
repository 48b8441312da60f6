"""Which trigger nodes of a workflow document the backend starts, and how (webhook, cron)."""

from __future__ import annotations

from typing import Any

from workflows.registry import Registry, default_registry
from workflows.sdk import Node
from workflows.sdk.spec import TriggerMode


def started_by(
    document: dict[str, Any], modes: tuple[TriggerMode, ...], registry: Registry | None = None
) -> list[tuple[dict[str, Any], type[Node]]]:
    """The enabled nodes (with their types) that the backend starts in one of ``modes``, in
    document order; ``schedule`` and ``poll`` both come from the scheduler."""
    registry = registry or default_registry()
    found = []
    for node in document.get("nodes", []):
        if not isinstance(node, dict) or node.get("disabled"):
            continue
        kind = _kind(registry, node)
        config = node.get("config")
        config = config if isinstance(config, dict) else {}
        if kind is not None and kind.spec.trigger_mode(config) in modes:
            found.append((node, kind))
    return found


def _kind(registry: Registry, node: dict[str, Any]) -> type[Node] | None:
    version = node.get("typeVersion", 1)
    if not isinstance(version, int):
        return None
    return registry.get(str(node.get("type")), version)
