"""Runs started from the designer: manual runs of the deployed version, synchronous test runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backend.designer.models import Workflow, WorkflowVersion
from backend.designer.services import User, WorkflowNotDeployed, check_document, save_version
from backend.runs.dispatch import start_run
from backend.runs.execution import execute_run_now
from backend.runs.models import Run, RunMode

if TYPE_CHECKING:
    from workflows.executor import RunOutcome

MANUAL_TRIGGER = "core.trigger.manual"


class NoSavedVersion(Exception):
    """A test run without a document needs a saved version to run."""


@dataclass(frozen=True)
class TestRunResult:
    run: Run
    outcome: RunOutcome
    document: dict[str, Any]
    """The document that was executed (a draft, or the version's)."""


def trigger_for(document: dict[str, Any]) -> str:
    """The node a manual or test run starts at: a manual trigger if there is one, else the
    engine's choice (its first trigger)."""
    for node in document.get("nodes") or []:
        if isinstance(node, dict) and node.get("type") == MANUAL_TRIGGER:
            return str(node.get("id") or "")
    return ""


def start_manual_run(workflow: Workflow, payload: Any) -> Run:
    """Queue a run of the deployed version; a worker executes it."""
    version = workflow.active_version
    if version is None:
        raise WorkflowNotDeployed(
            f"Workflow {workflow.name!r} has no deployed version; deploy one to run it."
        )
    return start_run(
        workflow,
        version,
        mode=RunMode.MANUAL,
        payload=payload,
        trigger_node_id=trigger_for(version.document),
    )


def resolve_test_target(
    workflow: Workflow, number: int | None, draft: dict[str, Any] | None, user: User
) -> tuple[WorkflowVersion, dict[str, Any]]:
    """Which version a test run belongs to and which document it executes.

    A draft runs as it is and is recorded against the latest version (the one it was edited
    from); a workflow with no version yet gets the draft saved as version 1, since every run
    belongs to a version.
    """
    if draft is not None:
        check_document(draft)
        latest = workflow.latest_version
        if latest is None:
            latest = save_version(workflow, draft, user=user, message="Saved by a test run").version
        return latest, draft
    if number is not None:
        version = workflow.versions.get(number=number)
        return version, version.document
    latest = workflow.latest_version
    if latest is None:
        raise NoSavedVersion(f"Workflow {workflow.name!r} has no saved version; send a document.")
    return latest, latest.document


def execute_test_run(
    workflow: Workflow,
    version: WorkflowVersion,
    document: dict[str, Any],
    payload: Any,
    *,
    stop_after: str | None = None,
    pinned: dict[str, Any] | None = None,
) -> TestRunResult:
    """Execute ``document`` now, in this request, recorded as a ``test`` run of ``version``."""
    run = start_run(
        workflow,
        version,
        mode=RunMode.TEST,
        payload=payload,
        trigger_node_id=trigger_for(document),
    )
    outcome = execute_run_now(
        run,
        document=document if document != version.document else None,
        stop_after=stop_after or None,
        pinned=pinned or None,
    )
    run.refresh_from_db()
    return TestRunResult(run, outcome, document)
