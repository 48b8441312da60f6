"""One run per record: a polling trigger set to ``runPerRecord`` hands its records over here.

Each record becomes a queued run (mode ``poll``, the polling run as its parent) whose trigger
step is already finished with that one record, so the engine starts after the trigger. Each has
the business key the workflow's settings give the record, so it is ordered with the webhook
runs of the same key, and a record that fails stops only its own run. The runs and their
trigger steps are written in one transaction, so a polling run that resumes after a crash finds
them and does not start them twice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backend.runs.dispatch import ring_after_commit, unsaved_run
from backend.runs.models import Run, RunMode, Step
from workflows.sdk import Item

# Modes whose run takes its records through the graph itself: a replay or test of one run
# works on the data it has, and a record's own run is the end of the hand-over.
KEEPS_ITS_RECORDS = (RunMode.REPLAY, RunMode.TEST, RunMode.SUBWORKFLOW)


class DbRecordRuns:
    """The ``record_runs`` service of one run."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def start(self, run_id: str, node_id: str, items: list[Item]) -> int | None:
        run = self.run
        if run.mode in KEEPS_ITS_RECORDS:
            return None
        if run.mode == RunMode.POLL and run.parent_run_id is not None:
            return None
        with transaction.atomic():
            started = Run.objects.filter(parent_run_id=run.pk, trigger_node_id=node_id).count()
            if started:
                return started
            runs = [
                unsaved_run(
                    run.workflow,
                    run.version,
                    mode=RunMode.POLL,
                    payload=item.json,
                    trigger_node_id=node_id,
                    parent_run=run,
                )
                for item in items
            ]
            Run.objects.bulk_create(runs)
            now = timezone.now()
            Step.objects.bulk_create(
                Step(
                    run=record_run,
                    node_id=node_id,
                    attempt=1,
                    status="succeeded",
                    inputs={"main": []},
                    outputs={"main": [Item(item.json, node_id, index).to_json()]},
                    started_at=now,
                    finished_at=now,
                )
                for index, (record_run, item) in enumerate(zip(runs, items, strict=True))
            )
            for record_run in runs:
                ring_after_commit(record_run)
        return len(runs)
