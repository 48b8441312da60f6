"""Executing a run: claim it with a lease, run the engine, and store how it ended.

Any worker (an embedded dispatcher thread, a Celery task, a synchronous test run) goes through
``execute_run``; the conditional claim makes sure only one of them executes a run at a time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from backend.designer.models import Workflow, WorkflowVersion
from backend.durability import ordering
from backend.durability.deadletters import record_failure
from backend.durability.services import services_for
from backend.insights.keys import record_run_keys
from backend.monitoring.logs import StepLogContext, log_context
from backend.monitoring.rollups import record_finished_run
from backend.runs import doorbell, prepared
from backend.runs.dispatch import new_run
from backend.runs.events import ChannelSink, RunLabels
from backend.runs.leases import lease_expiry, new_owner, renewer
from backend.runs.models import FINISHED, Run, RunMode, RunStatus, Step
from backend.runs.store import DbRunStore
from workflows.executor import Executor, RunOutcome
from workflows.registry import default_registry
from workflows.sdk import ErrorClass, NodeError

log = logging.getLogger(__name__)

MAX_CALL_DEPTH = 8
"""How deep workflows may call workflows; deeper is almost surely a loop."""


def execute_run(run_id: str) -> RunOutcome | None:
    """Claim and execute a queued (or due, or abandoned) run; None when it is not claimable.

    Runs of a paused workflow and test-mode runs are never claimed here.
    """
    owner = new_owner()
    run = claim(run_id, owner)
    if run is None:
        return None
    newer = ordering.supersede_if_stale(run)
    if newer is not None:
        doorbell.ring(newer)
        return None
    return _execute_claimed(run, owner)


def execute_run_now(
    run: Run,
    *,
    document: dict[str, Any] | None = None,
    stop_after: str | None = None,
    pinned: dict[str, Any] | None = None,
) -> RunOutcome:
    """Execute ``run`` synchronously in this thread (designer test runs, sub-workflows).

    ``document`` replaces the version's document (an unsaved draft being tested).
    """
    owner = new_owner()
    if not _claim(_claimable(Run.objects.filter(pk=run.pk)), owner):
        raise RuntimeError(f"Run {run.pk} is already being executed or has finished.")
    run.refresh_from_db()
    return _execute_claimed(run, owner, document=document, stop_after=stop_after, pinned=pinned)


def runnable_runs() -> Any:
    """Runs a dispatcher may claim now: not test runs, not of a paused workflow."""
    runs = Run.objects.exclude(mode=RunMode.TEST).filter(workflow__paused=False)
    return ordering.in_key_order(_claimable(runs))


def _claimable(runs: Any) -> Any:
    now = timezone.now()
    return runs.filter(
        Q(status=RunStatus.QUEUED)
        | Q(status=RunStatus.RETRY_WAIT, due_at__lte=now)
        | Q(status=RunStatus.RUNNING, lease_expires_at__lt=now)
    )


def _claim(runs: Any, owner: str) -> bool:
    now = timezone.now()
    claimed: int = runs.update(
        status=RunStatus.RUNNING,
        lease_owner=owner,
        lease_expires_at=lease_expiry(now),
        started_at=Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
        due_at=None,
    )
    return claimed == 1


_RUN = Run._meta.db_table
_WORKFLOW = Workflow._meta.db_table
_VERSION = WorkflowVersion._meta.db_table
_STEP = Step._meta.db_table
_FINISHED_STATUSES = ", ".join(f"'{status}'" for status in sorted(FINISHED))
_CLAIM = f"""
UPDATE {_RUN} SET status = 'running', lease_owner = %(owner)s, lease_expires_at = %(expires)s,
    started_at = COALESCE(started_at, %(now)s), due_at = NULL
WHERE id = %(id)s AND mode <> 'test'
  AND workflow_id IN (SELECT id FROM {_WORKFLOW} WHERE paused = %(false)s)
  AND (status = 'queued' OR (status = 'retry_wait' AND due_at <= %(now)s)
       OR (status = 'running' AND lease_expires_at < %(now)s))
  AND (business_key = '' OR NOT EXISTS (
      SELECT 1 FROM {_RUN} other
      WHERE other.workflow_id = {_RUN}.workflow_id AND other.business_key = {_RUN}.business_key
        AND other.id <> {_RUN}.id
        AND ((other.created_at < {_RUN}.created_at AND other.status NOT IN ({_FINISHED_STATUSES}))
             OR (other.status = 'running' AND other.lease_expires_at >= %(now)s))))
RETURNING *, (SELECT content_hash FROM {_VERSION} WHERE id = {_RUN}.version_id) AS version_hash,
    EXISTS (SELECT 1 FROM {_STEP} WHERE run_id = {_RUN}.id) AS has_steps
"""
"""``runnable_runs()`` and ``_claim`` as one statement returning the claimed run: the claim is
the first write of every run, so it is written by hand (per-key ordering as in ``ordering``)."""


def claim(run_id: str, owner: str) -> Run | None:
    """Lease the run to ``owner`` if a dispatcher may run it now; the claimed run, else None."""
    now = timezone.now()
    params = {
        "owner": owner,
        "expires": prepared.db_value(Run, "lease_expires_at", lease_expiry(now)),
        "now": prepared.db_value(Run, "started_at", now),
        "id": prepared.db_value(Run, "id", run_id),
        "false": False,
    }
    claimed = list(Run.objects.raw(_CLAIM, params))
    if not claimed:
        return None
    run = claimed[0]
    run.version = _version(run.version_id, getattr(run, "version_hash", ""))
    return run


_versions: dict[tuple[Any, str], WorkflowVersion] = {}
VERSIONS_CACHED = 256


def _version(version_id: Any, content_hash: str) -> WorkflowVersion:
    """The version, read once per process: a saved version never changes. Keyed by its hash
    too, as SQLite may give a deleted version's id to a new one."""
    version = _versions.get((version_id, content_hash))
    if version is None:
        version = WorkflowVersion.objects.get(pk=version_id)
        if len(_versions) >= VERSIONS_CACHED:
            _versions.clear()
        _versions[(version_id, version.content_hash)] = version
    return version


def _execute_claimed(run: Run, owner: str, **engine_options: Any) -> RunOutcome:
    with log_context(run_id=run.pk, workflow_id=run.workflow_id):
        # A run claimed for the first time has no steps to read back (the claim tells).
        store = DbRunStore(combine=True, fresh=not getattr(run, "has_steps", True))
        with renewer.hold(str(run.pk), owner):
            outcome = _run_engine(run, store, **engine_options)
        _record(run, outcome, owner, store)
    return outcome


def _run_engine(
    run: Run,
    store: DbRunStore,
    *,
    document: dict[str, Any] | None = None,
    stop_after: str | None = None,
    pinned: dict[str, Any] | None = None,
) -> RunOutcome:
    sink = StepLogContext(RunLabels(ChannelSink(), run.mode, run.business_key))
    services = services_for(run, run_child)
    executor = Executor(default_registry(), store, sink, services)
    try:
        return executor.run(
            str(run.pk),
            str(run.workflow_id),
            document if document is not None else run.version.document,
            run.trigger_node_id or None,
            run.input,
            stop_after=stop_after,
            pinned=pinned,
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        # The engine turns node failures into outcomes; reaching here is a bug in Ferry itself
        # (BaseException too: a panic in a native extension must not kill the worker).
        log.exception("Run %s crashed in the engine", run.pk)
        error = {"code": "run.crashed", "message": f"Ferry failed: {exc!r}", "nodeId": None}
        return RunOutcome(status="failed", error=error)


def _record(run: Run, outcome: RunOutcome, owner: str, store: DbRunStore) -> None:
    """Store the run's end with its last step's end (one transaction); a failure is parked
    after both, since its dead letter reads that step."""
    now = timezone.now()
    if outcome.status == "waiting":
        resume_at = outcome.resume_at if outcome.resume_at is not None else now.timestamp()
        due = datetime.fromtimestamp(resume_at, UTC)
        stored = store.written_with(
            lambda: _store_end(run, owner, RunStatus.RETRY_WAIT, outcome.error, due_at=due)
        )
        if stored and run.mode != RunMode.TEST:
            doorbell.ring_at(str(run.pk), due)
    else:
        if outcome.status == "succeeded":
            status = RunStatus.SUCCEEDED
            stored = store.written_with(
                lambda: _store_end(run, owner, status, outcome.error, finished_at=now)
            )
        else:
            status = RunStatus.FAILED
            store.write_held()
            stored = record_failure(run, owner, outcome.error, now)
        if stored:
            record_finished_run(run, status, now, store.records)
            _ring_next_in_line(run)
    if stored:
        # The run's steps are at hand: the keys need not read them back.
        record_run_keys(run, [step.outputs for step in reversed(store.records)])
    else:
        log.warning("Run %s lost its lease before it finished; its outcome was not stored", run.pk)


def _store_end(
    run: Run,
    owner: str,
    status: str,
    error: dict[str, Any] | None,
    *,
    due_at: datetime | None = None,
    finished_at: datetime | None = None,
) -> bool:
    """Store where the run stopped and release its lease, if ``owner`` still holds it."""
    values = {"status": status, "error": error, "due_at": due_at}
    if finished_at is not None:
        values["finished_at"] = finished_at
    changes = ", ".join(f"{name} = %s" for name in values)
    with prepared.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_RUN} SET {changes}, lease_owner = '', lease_expires_at = NULL "
            "WHERE id = %s AND lease_owner = %s AND status = 'running'",
            [*prepared.db_values(Run, values.items()), prepared.db_value(Run, "id", run.pk), owner],
        )
        return cursor.rowcount == 1


def _ring_next_in_line(run: Run) -> None:
    """Per-key ordering: the next run with this run's business key may start now."""
    if run.mode != RunMode.TEST and (waiting := ordering.next_in_line(run)):
        doorbell.ring(waiting)


def run_child(workflow_id: str, payload: Any, parent_run_id: str) -> Any:
    """Run another workflow's deployed version synchronously as a child run; returns its output."""
    parent = Run.objects.get(pk=parent_run_id)
    if _call_depth(parent) >= MAX_CALL_DEPTH:
        raise NodeError(
            "workflow.call_too_deep",
            f"Workflows call each other more than {MAX_CALL_DEPTH} levels deep.",
            field="workflowId",
        )
    workflow = Workflow.objects.select_related("active_version").filter(pk=workflow_id).first()
    if workflow is None or workflow.active_version is None:
        raise NodeError(
            "workflow.not_deployed",
            f"Workflow {workflow_id} does not exist or has no deployed version.",
            error_class=ErrorClass.NOT_FOUND,
            field="workflowId",
        )
    child = new_run(
        workflow,
        workflow.active_version,
        mode=RunMode.SUBWORKFLOW,
        payload=payload,
        parent_run=parent,
        ring=False,
    )
    outcome = execute_run_now(child)
    if outcome.status == "succeeded":
        return outcome.output
    raise NodeError(
        "workflow.call_failed" if outcome.status == "failed" else "workflow.call_waiting",
        f"The called workflow {workflow.name!r} did not finish (run {child.pk}).",
        retryable=outcome.status == "waiting",
        details={"runId": str(child.pk), "error": outcome.error},
    )


def _call_depth(run: Run) -> int:
    depth = 0
    parent_id = run.parent_run_id
    while parent_id is not None and depth <= MAX_CALL_DEPTH:
        depth += 1
        parent_id = Run.objects.filter(pk=parent_id).values_list("parent_run_id", flat=True).first()
    return depth
