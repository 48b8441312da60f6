"""Structured logs: JSON lines carrying the ids of the run and step being executed."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import pytest

from backend.designer.models import Workflow
from backend.monitoring.logs import (
    JsonFormatter,
    StepLogContext,
    TextFormatter,
    current_context,
    log_context,
)
from backend.monitoring.tests.factories import execute


def record(message: str = "Posted order %s", *args: Any, **extra: Any) -> logging.LogRecord:
    made = logging.LogRecord("ferry.test", logging.WARNING, __file__, 1, message, args, None)
    for name, value in extra.items():
        setattr(made, name, value)
    return made


def test_it_writes_one_json_object_with_time_level_logger_and_message() -> None:
    line = JsonFormatter().format(record("Posted order %s", "XKBKNABJK"))

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "ferry.test"
    assert entry["message"] == "Posted order XKBKNABJK"
    assert entry["time"].endswith("+00:00")
    assert "run_id" not in entry


def test_it_adds_the_ids_of_the_current_run() -> None:
    with log_context(run_id="r-1", workflow_id="w-1", step_id=None):
        entry = json.loads(JsonFormatter().format(record()))

    assert entry["run_id"] == "r-1"
    assert entry["workflow_id"] == "w-1"
    assert "step_id" not in entry
    assert current_context() == {}


def test_it_prefers_ids_passed_with_the_record() -> None:
    with log_context(run_id="ambient"):
        entry = json.loads(JsonFormatter().format(record(run_id="explicit", node_id="map")))

    assert entry["run_id"] == "explicit"
    assert entry["node_id"] == "map"


def test_it_includes_the_traceback_of_an_exception() -> None:
    try:
        raise ValueError("bad quantity")
    except ValueError:
        failed = record()
        failed.exc_info = sys.exc_info()

    entry = json.loads(JsonFormatter().format(failed))

    assert "ValueError: bad quantity" in entry["exception"]


def test_it_appends_the_run_id_to_text_lines() -> None:
    with log_context(run_id="r-9"):
        assert TextFormatter().format(record()).endswith("[run_id=r-9]")
    assert "[" not in TextFormatter().format(record())


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []

    def emit(self, event: dict[str, Any]) -> None:
        self.seen.append((event["type"], current_context()))


def test_it_names_the_step_between_its_start_and_finish() -> None:
    inner = Recorder()
    sink = StepLogContext(inner)
    with log_context(run_id="r-1"):
        sink.emit({"type": "step.started", "stepId": 7, "nodeId": "map"})
        during = current_context()
        sink.emit({"type": "step.finished", "stepId": 7, "nodeId": "map"})
        after = current_context()

    assert during == {"run_id": "r-1", "step_id": "7", "node_id": "map"}
    assert after == {"run_id": "r-1"}
    assert [kind for kind, _ in inner.seen] == ["step.started", "step.finished"]


@pytest.mark.django_db
def test_it_sets_run_and_step_ids_while_the_runtime_executes(
    workflow: Workflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    monkeypatch.setattr("backend.runs.execution.ChannelSink", lambda: recorder)

    run = execute(workflow)

    started = [context for kind, context in recorder.seen if kind == "step.started"]
    assert [context["node_id"] for context in started] == ["hook", "map"]
    assert {context["run_id"] for context in started} == {str(run.pk)}
    assert started[0]["workflow_id"] == str(workflow.pk)
    assert current_context() == {}
