"""Workflows and runs for the monitoring and alert tests: real runs through the real runtime."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.designer.models import Deployment, Workflow, WorkflowVersion
from backend.designer.tests.documents import hook_document
from backend.durability.models import DeadLetter
from backend.monitoring.rollups import record_finished_run
from backend.runs.dispatch import new_run
from backend.runs.execution import execute_run_now
from backend.runs.models import Run

OK_EXPRESSION = '{"ref": reference}'
FAILING_EXPRESSION = '$error("the order has no lines")'


def deployed_workflow(
    name: str = "Orders", *, expression: str = OK_EXPRESSION, connection: str | None = None
) -> Workflow:
    """A webhook trigger feeding one JSONata map, deployed as version 1."""
    workflow = Workflow.objects.create(name=name)
    document = hook_document(expression, connection=connection)
    version = WorkflowVersion.objects.create(workflow=workflow, number=1, document=document)
    workflow.active_version = version
    workflow.save()
    Deployment.objects.create(workflow=workflow, version=version)
    return workflow


def execute(workflow: Workflow, mode: str = "webhook", reference: str = "XKBKNABJK") -> Run:
    """Accept and execute one run of the workflow's deployed version, as a worker would."""
    assert workflow.active_version is not None
    run = new_run(
        workflow, workflow.active_version, mode=mode, payload={"reference": reference}, ring=False
    )
    execute_run_now(run)
    run.refresh_from_db()
    return run


def finished_run(
    workflow: Workflow, status: str, created_at: datetime, seconds: float, mode: str = "webhook"
) -> Run:
    """A run stored as finished ``seconds`` after it was accepted, counted like the runtime does."""
    assert workflow.active_version is not None
    finished_at = created_at + timedelta(seconds=seconds)
    run = Run.objects.create(
        workflow=workflow, version=workflow.active_version, status=status, mode=mode
    )
    Run.objects.filter(pk=run.pk).update(created_at=created_at, finished_at=finished_at)
    run.refresh_from_db()
    record_finished_run(run, status, finished_at)
    return run


def pending_run(workflow: Workflow, status: str, created_at: datetime) -> Run:
    assert workflow.active_version is not None
    run = Run.objects.create(
        workflow=workflow, version=workflow.active_version, status=status, mode="webhook"
    )
    Run.objects.filter(pk=run.pk).update(created_at=created_at)
    return run


def park(run: Run) -> DeadLetter:
    """Park a failed run in the dead-letter queue, as the runtime does after the last attempt."""
    return DeadLetter.objects.create(
        run=run, workflow=run.workflow, error_class="validation", code="test.failed", reason="x"
    )
