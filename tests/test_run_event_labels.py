"""Live run events say which mode the run is in and which business key it carries."""

from __future__ import annotations

from typing import Any

import pytest

from backend.monitoring.tests.factories import deployed_workflow, execute


class Recorder:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def emit(self, event: dict[str, Any]) -> None:
        self.events.append(event)


@pytest.mark.django_db
def test_it_labels_run_start_and_finish_with_mode_and_business_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = Recorder()
    monkeypatch.setattr("backend.runs.execution.ChannelSink", lambda: recorder)

    run = execute(deployed_workflow(), mode="webhook", reference="XKBKNABJK")

    by_type = {event["type"]: event for event in recorder.events}
    for kind in ("run.started", "run.finished"):
        assert by_type[kind]["runId"] == str(run.pk)
        assert by_type[kind]["mode"] == "webhook"
        assert by_type[kind]["businessKey"] == "XKBKNABJK"
    steps = [event for event in recorder.events if event["type"].startswith("step.")]
    assert steps
    assert all("mode" not in event for event in steps)


@pytest.mark.django_db
def test_it_labels_a_manual_run_as_manual(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setattr("backend.runs.execution.ChannelSink", lambda: recorder)

    execute(deployed_workflow(), mode="manual")

    assert {event["mode"] for event in recorder.events if event["type"] == "run.started"} == {
        "manual"
    }
