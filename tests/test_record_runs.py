"""Record runs: the records a polling trigger hands over become queued runs of their own."""

from __future__ import annotations

import pytest

from backend.designer.models import Workflow
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run_now
from backend.runs.models import Run, RunMode, RunStatus, Step
from backend.runs.record_runs import DbRecordRuns
from tests.conftest import WorkflowFactory
from workflows.sdk import Item

pytestmark = pytest.mark.django_db

ORDERS = [
    {"reference": "XKBKNABJK", "lines": [{"price": 10}]},
    {"reference": "OHSATSERP", "lines": [{"price": 5}, {"price": 7}]},
]


def polling_run(workflow: Workflow, mode: str = RunMode.SCHEDULE) -> Run:
    assert workflow.active_version is not None
    return new_run(
        workflow, workflow.active_version, mode=mode, payload={}, trigger_node_id="hook", ring=False
    )


def test_each_record_becomes_a_queued_run_keyed_by_it_with_its_trigger_step_done(
    make_workflow: WorkflowFactory,
) -> None:
    poll = polling_run(make_workflow())

    started = DbRecordRuns(poll).start(str(poll.pk), "hook", [Item(order) for order in ORDERS])

    assert started == 2
    runs = list(Run.objects.filter(parent_run=poll).order_by("business_key"))
    assert [run.business_key for run in runs] == ["OHSATSERP", "XKBKNABJK"]
    assert {run.status for run in runs} == {RunStatus.QUEUED}
    assert {run.mode for run in runs} == {RunMode.POLL}
    for run in runs:
        [step] = Step.objects.filter(run=run)
        assert (step.node_id, step.status) == ("hook", "succeeded")
        assert step.outputs is not None
        assert [item["json"] for item in step.outputs["main"]] == [run.input]


def test_asked_again_it_answers_what_it_started_and_starts_nothing_more(
    make_workflow: WorkflowFactory,
) -> None:
    poll = polling_run(make_workflow())
    records = DbRecordRuns(poll)
    records.start(str(poll.pk), "hook", [Item(order) for order in ORDERS])

    again = records.start(str(poll.pk), "hook", [Item(ORDERS[0])])

    assert again == 2
    assert Run.objects.filter(parent_run=poll).count() == 2


def test_a_records_own_run_and_a_replay_go_on_with_their_records(
    make_workflow: WorkflowFactory,
) -> None:
    workflow = make_workflow()
    poll = polling_run(workflow)
    DbRecordRuns(poll).start(str(poll.pk), "hook", [Item(ORDERS[0])])
    record_run = Run.objects.get(parent_run=poll)
    replay = polling_run(workflow, RunMode.REPLAY)

    assert DbRecordRuns(record_run).start(str(record_run.pk), "hook", [Item(ORDERS[0])]) is None
    assert DbRecordRuns(replay).start(str(replay.pk), "hook", [Item(ORDERS[0])]) is None


def test_a_record_run_starts_after_its_trigger_and_runs_to_the_end(
    make_workflow: WorkflowFactory,
) -> None:
    poll = polling_run(make_workflow())
    DbRecordRuns(poll).start(str(poll.pk), "hook", [Item(order) for order in ORDERS])
    runs = list(Run.objects.filter(parent_run=poll))

    for run in runs:
        execute_run_now(run)

    for run in runs:
        run.refresh_from_db()
        assert run.status == RunStatus.SUCCEEDED, run.error
        [mapped] = Step.objects.filter(run=run, node_id="map")
        assert mapped.outputs is not None
        [item] = mapped.outputs["main"]
        order = run.input or {}
        assert item["json"]["ref"] == order["reference"]
        assert item["json"]["total"] == sum(line["price"] for line in order["lines"])
