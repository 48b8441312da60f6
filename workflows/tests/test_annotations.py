"""Sticky notes (``annotations``) travel in the document: validated, ignored by runs."""

from __future__ import annotations

import copy
from typing import Any

from workflows.graph import validate_document
from workflows.registry import default_registry
from workflows.testing import document, edge, node, run_document

_NOTE = {
    "id": "note-1",
    "text": "Orders from the web store land here.",
    "position": {"x": -40, "y": 120},
    "size": {"width": 220, "height": 140},
    "color": "yellow",
}


def _workflow(*notes: dict[str, Any]) -> dict[str, Any]:
    nodes = [
        node("start", "core.trigger.manual", position={"x": 0, "y": 0}),
        node("map", "core.jsonata.map", {"expression": "{'ref': reference}"}),
    ]
    workflow = document(nodes, [{**edge("start", "map"), "id": "e1"}])
    workflow["annotations"] = [copy.deepcopy(note) for note in notes]
    return workflow


def _codes(workflow: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in validate_document(workflow, default_registry())]


def test_it_accepts_notes_and_a_document_without_them() -> None:
    assert _codes(_workflow(_NOTE)) == []
    bare = _workflow()
    del bare["annotations"]
    assert _codes(bare) == []


def test_it_reports_duplicate_note_ids() -> None:
    assert _codes(_workflow(_NOTE, {**_NOTE, "text": "again"})) == [
        ("annotations.note-1.id", "duplicate_id")
    ]


def test_it_rejects_notes_of_the_wrong_shape_naming_the_note() -> None:
    too_long = {**_NOTE, "text": "x" * 10001}
    unknown_key = {**_NOTE, "id": "note-2", "pinned": True}
    no_size = {key: value for key, value in _NOTE.items() if key != "size"} | {"id": "note-3"}
    assert sorted(_codes(_workflow(too_long, unknown_key, no_size))) == [
        ("annotations.note-1.text", "schema"),
        ("annotations.note-2.pinned", "schema"),
        ("annotations.note-3.size", "schema"),
    ]


def test_it_runs_a_document_with_notes_as_if_they_were_not_there() -> None:
    with_notes, _, sink = run_document(_workflow(_NOTE), {"reference": "ABC"})
    without, _, _ = run_document(_workflow(), {"reference": "ABC"})
    assert with_notes.status == "succeeded"
    assert with_notes.output == without.output
    assert "note-1" not in {event.get("nodeId") for event in sink.events}
