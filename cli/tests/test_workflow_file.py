"""Reading workflow files: exported, bare documents, and the one-line errors for bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.__main__ import main
from cli.workflow_file import WorkflowFileError, read_workflow_file

DOCUMENT = {
    "schemaVersion": 1,
    "nodes": [
        {
            "id": "hook",
            "type": "core.trigger.webhook",
            "typeVersion": 1,
            "name": "Order webhook",
            "config": {},
            "position": {"x": 0, "y": 0},
        }
    ],
    "edges": [],
    "settings": {},
}


def test_it_reads_an_exported_workflow(tmp_path: Path) -> None:
    path = tmp_path / "orders.json"
    path.write_text(json.dumps({"ferryWorkflow": 1, "name": "Orders", "document": DOCUMENT}))
    file = read_workflow_file(path)
    assert (file.name, file.document) == ("Orders", DOCUMENT)


def test_it_names_a_bare_document_after_its_file(tmp_path: Path) -> None:
    path = tmp_path / "stock-sync.json"
    path.write_text(json.dumps(DOCUMENT))
    assert read_workflow_file(path).name == "stock-sync"


def test_it_says_where_the_json_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"nodes": [\n')
    with pytest.raises(WorkflowFileError, match=r"not valid JSON \(line 2"):
        read_workflow_file(path)


def test_it_rejects_a_file_that_is_no_workflow(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(WorkflowFileError, match="neither an exported workflow"):
        read_workflow_file(path)


def test_it_prints_one_line_for_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", str(tmp_path / "missing.json")])
    assert status == 1
    assert capsys.readouterr().err.strip() == f"ferry: {tmp_path / 'missing.json'}: no such file"
