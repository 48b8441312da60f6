"""Replay: run a past run again from its trigger or from any step, on the version it ran or
the deployed one, for real or as a dry run that stops before the first side effect.

A replay is a new run (mode ``replay``; a dry run is a ``test`` run, which no worker claims)
with a ``Replay`` row saying where it came from. Starting from a step copies the source's
finished steps that do not depend on that step, so the engine skips them and begins there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.designer.models import WorkflowVersion
from backend.durability.deadletters import User, actor_name, person
from backend.durability.models import AuditAction, AuditEntry, Replay
from backend.runs.dispatch import new_run
from backend.runs.events import ChannelSink, RunLabels
from backend.runs.models import Run, RunMode, RunStatus, Step
from backend.runs.store import DbRunStore
from workflows.executor import Executor, RunOutcome
from workflows.graph import Graph, GraphError
from workflows.registry import default_registry
from workflows.scheduling import descendants

VERSION_CHOICES = ("original", "active")


class ReplayError(Exception):
    """The replay asked for cannot be made (no deployed version, no such step)."""


@dataclass(frozen=True)
class ReplayRequest:
    from_node: str = ""
    version: str = "original"
    dry_run: bool = False
    force_new_effects: bool = False
    reason: str = ""


def replay(source: Run, request: ReplayRequest, user: User) -> tuple[Run, RunOutcome | None]:
    """Start the replay; a dry run is executed at once and its outcome returned with it."""
    version = _version(source, request.version)
    graph = _graph(version)
    if request.from_node and request.from_node not in graph.nodes:
        raise ReplayError(
            f"Version {version.number} has no node {request.from_node!r} to replay from."
        )
    with transaction.atomic():
        run = new_run(
            source.workflow,
            version,
            mode=RunMode.TEST if request.dry_run else RunMode.REPLAY,
            payload=source.input,
            trigger_node_id=source.trigger_node_id,
            business_key=source.business_key,
            ring=not request.dry_run,
        )
        Replay.objects.create(
            run=run,
            source=source,
            from_node=request.from_node,
            version_choice=request.version,
            dry_run=request.dry_run,
            force_new_effects=request.force_new_effects,
            requested_by=person(user),
        )
        if request.from_node:
            _copy_steps_before(source, run, graph, request.from_node)
        AuditEntry.objects.create(
            run=source,
            action=AuditAction.REPLAYED,
            actor=person(user),
            actor_name=actor_name(user),
            reason=request.reason,
            details={
                "replayRunId": str(run.pk),
                "fromNode": request.from_node,
                "version": version.number,
                "versionChoice": request.version,
                "dryRun": request.dry_run,
                "forceNewEffects": request.force_new_effects,
            },
        )
    outcome = _dry_run(run) if request.dry_run else None
    return run, outcome


def _version(source: Run, choice: str) -> WorkflowVersion:
    if choice not in VERSION_CHOICES:
        raise ReplayError(f"version must be one of {', '.join(VERSION_CHOICES)}, not {choice!r}.")
    if choice == "original":
        return source.version
    active = source.workflow.active_version
    if active is None:
        raise ReplayError(f"Workflow {source.workflow.name!r} has no deployed version.")
    return active


def _graph(version: WorkflowVersion) -> Graph:
    try:
        return Graph.from_document(version.document, default_registry())
    except GraphError as exc:
        raise ReplayError(f"Version {version.number} cannot run: {exc}") from None


def _copy_steps_before(source: Run, run: Run, graph: Graph, from_node: str) -> None:
    """Copy the source's finished steps of every node that ``from_node`` does not lead to."""
    redo = descendants(graph, from_node) | {from_node}
    latest: dict[str, Step] = {}
    for step in Step.objects.filter(run_id=source.pk).order_by("id"):
        latest[step.node_id] = step
    kept = [
        step
        for node_id, step in latest.items()
        if node_id in graph.nodes
        and node_id not in redo
        and step.status in ("succeeded", "failed")
        and step.outputs is not None
    ]
    if from_node not in latest and from_node not in {t.id for t in graph.triggers()}:
        raise ReplayError(f"The source run never reached {from_node!r}; replay from the trigger.")
    Step.objects.bulk_create(
        Step(
            run=run,
            node_id=step.node_id,
            attempt=step.attempt,
            status=step.status,
            inputs=step.inputs,
            outputs=step.outputs,
            error=step.error,
            started_at=step.started_at,
            finished_at=step.finished_at,
        )
        for step in sorted(kept, key=lambda s: s.pk)
    )


def _dry_run(run: Run) -> RunOutcome:
    """Execute a dry run here and now, up to the first node with side effects."""
    from backend.runs.execution import run_child
    from backend.runs.services import DbRunServices

    now = timezone.now()
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=now, lease_owner="dry-run"
    )
    sink = RunLabels(ChannelSink(), run.mode, run.business_key)
    executor = Executor(default_registry(), DbRunStore(), sink, DbRunServices(run_child))
    outcome = executor.run(
        str(run.pk),
        str(run.workflow_id),
        run.version.document,
        run.trigger_node_id or None,
        run.input,
        dry_run=True,
    )
    status = RunStatus.SUCCEEDED if outcome.status == "succeeded" else RunStatus.FAILED
    Run.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now(), error=outcome.error, lease_owner=""
    )
    return outcome


def replay_json(replay_row: Replay) -> dict[str, Any]:
    return {
        "sourceRunId": str(replay_row.source_id),
        "fromNode": replay_row.from_node or None,
        "versionChoice": replay_row.version_choice,
        "dryRun": replay_row.dry_run,
        "forceNewEffects": replay_row.force_new_effects,
    }
