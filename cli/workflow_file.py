"""The workflow file format that the CLI and the designer's export share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_FORMAT = 1


class WorkflowFileError(Exception):
    """The file cannot be read as a workflow; the message says why in one line."""


@dataclass
class WorkflowFile:
    name: str
    description: str
    document: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "ferryWorkflow": FILE_FORMAT,
            "name": self.name,
            "description": self.description,
            "document": self.document,
        }


def read_workflow_file(path: Path, name: str | None = None) -> WorkflowFile:
    """Read an exported workflow (``{"ferryWorkflow": 1, "name", "document"}``) or a bare
    document (``{"nodes", "edges", ...}``, named by ``name`` or the file name)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkflowFileError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise WorkflowFileError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise WorkflowFileError(f"{path}: a workflow file holds a JSON object")
    if "document" in data:
        document = data["document"]
        if not isinstance(document, dict):
            raise WorkflowFileError(f"{path}: 'document' must be a JSON object")
        return WorkflowFile(
            name or str(data.get("name") or path.stem),
            str(data.get("description") or ""),
            document,
        )
    if "nodes" in data:
        return WorkflowFile(name or path.stem, "", data)
    raise WorkflowFileError(f"{path}: neither an exported workflow nor a workflow document")
