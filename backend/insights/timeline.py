"""The order timeline: everything Ferry did with one business key, in time order."""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from django.db.models import Q

from backend.bindings.models import Binding
from backend.durability.models import AuditEntry, DeadLetter, Replay
from backend.ingress.models import InboundEvent
from backend.insights.keys import normalise
from backend.insights.models import RunKey
from backend.runs.models import Run, Step

MAX_RUNS = 200
SUMMARY_CHARS = 400
MAPPING_TYPES = frozenset({"core.jsonata.map", "core.set"})


def resolve_keys(key: str) -> tuple[set[str], list[Binding]]:
    """The key plus every id bound to it (an M3 order number finds the shop reference and back)."""
    keys = {normalise(key)}
    bindings: list[Binding] = []
    frontier = set(keys)
    # Two hops (reference → order number → customer), bounded so a hub id cannot explode.
    for _ in range(2):
        if not frontier:
            break
        found = list(
            Binding.objects.filter(
                Q(shop_id__in=_variants(frontier)) | Q(infor_id__in=_variants(frontier))
            )[:50]
        )
        frontier = set()
        for binding in found:
            if binding.pk not in {b.pk for b in bindings}:
                bindings.append(binding)
            for other in (normalise(binding.shop_id), normalise(binding.infor_id)):
                if other not in keys:
                    keys.add(other)
                    frontier.add(other)
    return keys, bindings


def _variants(keys: set[str]) -> list[str]:
    # Bindings keep ids as the systems spell them; M3 numbers and SKUs are upper case.
    return sorted({v for key in keys for v in (key, key.upper())})


def find_runs(keys: set[str], bindings: list[Binding]) -> list[Run]:
    indexed = RunKey.objects.filter(key__in=keys).values_list("run_id", flat=True)[:MAX_RUNS]
    run_ids: set[uuid.UUID] = set(indexed)
    for binding in bindings:
        # A person's binding has no run; anything that is not a run id is left out, not a 500.
        with contextlib.suppress(ValueError):
            run_ids.add(uuid.UUID(binding.source_run_id))
    matches = Q(pk__in=run_ids) | Q(business_key__in=_variants(keys))
    rows = Run.objects.filter(matches).select_related("workflow", "version")
    return list(rows.order_by("-created_at")[:MAX_RUNS])


def build_timeline(key: str) -> dict[str, Any]:
    """The API answer: the resolved keys, the runs and the entries sorted by time."""
    keys, bindings = resolve_keys(key)
    runs = find_runs(keys, bindings)
    entries: list[dict[str, Any]] = []
    for run in runs:
        entries.extend(_run_entries(run))
    entries.extend(_binding_entry(b) for b in bindings)
    entries.sort(key=lambda entry: (entry["at"] or "", entry["order"]))
    for entry in entries:
        del entry["order"]
    return {
        "key": key,
        "keys": sorted(keys),
        "bindings": [_binding_json(b) for b in bindings],
        "runs": [_run_json(run) for run in runs],
        "entries": entries,
    }


def _run_entries(run: Run) -> list[dict[str, Any]]:
    base = {
        "runId": str(run.pk),
        "workflowId": str(run.workflow_id),
        "workflowName": run.workflow.name,
    }
    entries: list[dict[str, Any]] = []
    event = InboundEvent.objects.filter(run=run).first()
    if event is not None:
        entries.append(
            _entry(
                base,
                "event.received",
                event.received_at,
                0,
                f"Event in from {event.source}",
                {"idempotencyKey": event.idempotency_key, "payload": summary(event.payload)},
            )
        )
    entries.append(
        _entry(
            base,
            "run.started",
            run.started_at or run.created_at,
            1,
            f"{run.workflow.name} v{run.version.number} ({run.mode})",
            {
                "versionNumber": run.version.number,
                "contentHash": run.version.content_hash[:12],
                "mappings": mapping_versions(run.version.document),
                "businessKey": run.business_key,
            },
        )
    )
    names = {n.get("id"): n for n in run.version.document.get("nodes", []) if isinstance(n, dict)}
    for step in Step.objects.filter(run=run).order_by("id"):
        entries.append(_step_entry(base, step, names.get(step.node_id, {})))
    if run.finished_at is not None or run.status in {"failed", "retry_wait"}:
        entries.append(
            _entry(
                base,
                f"run.{run.status}",
                run.finished_at or run.due_at or run.created_at,
                3,
                f"Run {run.status.replace('_', ' ')}",
                {"error": run.error},
            )
        )
    for letter in DeadLetter.objects.filter(run=run):
        entries.append(
            _entry(
                base,
                "deadletter.parked",
                letter.created_at,
                4,
                letter.reason,
                {
                    "deadLetterId": letter.pk,
                    "class": letter.error_class,
                    "code": letter.code,
                    "nodeId": letter.node_id,
                    "status": letter.status,
                },
            )
        )
    for audit in AuditEntry.objects.filter(run=run):
        entries.append(
            _entry(
                base,
                f"audit.{audit.action}",
                audit.at,
                5,
                f"{audit.action.capitalize()} by {audit.actor_name or 'someone'}: {audit.reason}",
                {"details": audit.details},
            )
        )
    for replay in Replay.objects.filter(source=run):
        entries.append(
            _entry(
                base,
                "run.replayed",
                replay.created_at,
                5,
                f"Replayed as run {replay.run_id}"
                + (f" from {replay.from_node}" if replay.from_node else ""),
                {"replayRunId": str(replay.run_id), "dryRun": replay.dry_run},
            )
        )
    return entries


def _step_entry(base: dict[str, Any], step: Step, node: dict[str, Any]) -> dict[str, Any]:
    kind = "step.retry" if step.attempt > 1 or step.status == "retry_wait" else "step"
    name = node.get("name") or step.node_id
    title = f"{name}: {step.status.replace('_', ' ')}" + (
        f" (attempt {step.attempt})" if step.attempt > 1 else ""
    )
    return _entry(
        base,
        kind,
        step.started_at,
        2,
        title,
        {
            "stepId": step.pk,
            "nodeId": step.node_id,
            "nodeType": node.get("type", ""),
            "attempt": step.attempt,
            "status": step.status,
            "request": summary(step.inputs),
            "response": summary(step.outputs),
            "error": step.error,
            "finishedAt": _iso(step.finished_at),
        },
    )


def _binding_entry(binding: Binding) -> dict[str, Any]:
    return {
        "at": _iso(binding.created_at),
        "order": 6,
        "kind": "binding.recorded",
        "title": f"Bound {binding.kind} {binding.shop_id} ↔ {binding.infor_id}",
        "runId": binding.source_run_id or None,
        "workflowId": None,
        "workflowName": None,
        "details": _binding_json(binding),
    }


def _entry(
    base: dict[str, Any],
    kind: str,
    at: datetime | None,
    order: int,
    title: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "at": _iso(at),
        "order": order,
        "kind": kind,
        "title": title,
        **base,
        "details": details,
    }


def mapping_versions(document: dict[str, Any]) -> list[dict[str, str]]:
    """Each mapping node of the version with a short hash of its config (tells edits apart)."""
    found = []
    for node in document.get("nodes", []):
        if isinstance(node, dict) and node.get("type") in MAPPING_TYPES:
            text = json.dumps(node.get("config", {}), sort_keys=True)
            digest = hashlib.sha256(text.encode()).hexdigest()[:10]
            found.append(
                {
                    "nodeId": str(node.get("id")),
                    "name": str(node.get("name", "")),
                    "configHash": digest,
                }
            )
    return found


def summary(data: Any) -> str:
    """A one-line preview of a JSON value, cut to SUMMARY_CHARS."""
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def _run_json(run: Run) -> dict[str, Any]:
    return {
        "id": str(run.pk),
        "workflowId": str(run.workflow_id),
        "workflowName": run.workflow.name,
        "versionNumber": run.version.number,
        "status": run.status,
        "mode": run.mode,
        "businessKey": run.business_key,
        "createdAt": _iso(run.created_at),
    }


def _binding_json(binding: Binding) -> dict[str, Any]:
    return {
        "id": str(binding.pk),
        "kind": binding.kind,
        "scope": binding.scope,
        "shopId": binding.shop_id,
        "inforId": binding.infor_id,
        "sourceRunId": binding.source_run_id or None,
        "createdAt": _iso(binding.created_at),
    }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat().replace("+00:00", "Z") if at is not None else None
