"""Workflow documents that tests across the backend deploy: the smallest useful webhook workflow."""

from __future__ import annotations

from typing import Any


def hook_document(
    expression: str = '{"ref": reference, "total": $sum(lines.price)}',
    *,
    business_key: str = "reference",
    connection: str | None = None,
) -> dict[str, Any]:
    """A webhook trigger feeding one JSONata map."""
    return {
        "schemaVersion": 1,
        "nodes": [
            {
                "id": "hook",
                "type": "core.trigger.webhook",
                "typeVersion": 1,
                "name": "Order webhook",
                "config": {},
                "position": {"x": 0, "y": 0},
                "connection": connection,
            },
            {
                "id": "map",
                "type": "core.jsonata.map",
                "typeVersion": 1,
                "name": "Summarise",
                "config": {"expression": expression},
                "position": {"x": 200, "y": 0},
            },
        ],
        "edges": [
            {
                "id": "e1",
                "source": "hook",
                "sourcePort": "main",
                "target": "map",
                "targetPort": "main",
            }
        ],
        "settings": {"businessKey": business_key},
    }
