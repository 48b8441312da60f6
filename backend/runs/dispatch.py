"""Starting runs: write the Run as ``queued`` and ring the doorbell once the write is committed."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import transaction

from backend.designer.models import Workflow, WorkflowVersion
from backend.runs import doorbell
from backend.runs.models import Run, RunStatus
from workflows.expressions import ExpressionError, compile_expression

log = logging.getLogger(__name__)

BUSINESS_KEY_LENGTH = 200


def start_run(
    workflow: Workflow,
    version: WorkflowVersion,
    *,
    mode: str,
    payload: Any,
    trigger_node_id: str = "",
    business_key: str | None = None,
    parent_run: Run | None = None,
) -> Run:
    """Create a queued run of ``version`` and have a worker pick it up after commit.

    Test-mode runs are not rung: the caller executes them at once with ``execute_run_now``.
    """
    with transaction.atomic():
        return new_run(
            workflow,
            version,
            mode=mode,
            payload=payload,
            trigger_node_id=trigger_node_id,
            business_key=business_key,
            parent_run=parent_run,
            ring=mode != "test",
        )


def new_run(
    workflow: Workflow,
    version: WorkflowVersion,
    *,
    mode: str,
    payload: Any,
    trigger_node_id: str = "",
    business_key: str | None = None,
    parent_run: Run | None = None,
    ring: bool = True,
) -> Run:
    """Insert the run inside the caller's transaction; the doorbell rings only if it commits."""
    run = unsaved_run(
        workflow,
        version,
        mode=mode,
        payload=payload,
        trigger_node_id=trigger_node_id,
        business_key=business_key,
        parent_run=parent_run,
    )
    run.save(force_insert=True)
    if ring:
        ring_after_commit(run)
    return run


def unsaved_run(
    workflow: Workflow,
    version: WorkflowVersion,
    *,
    mode: str,
    payload: Any,
    trigger_node_id: str = "",
    business_key: str | None = None,
    parent_run: Run | None = None,
) -> Run:
    """A queued Run ready to insert (alone, or with others in one ``bulk_create``)."""
    if business_key is None:
        business_key = business_key_for(version.document, payload)
    return Run(
        workflow=workflow,
        version=version,
        status=RunStatus.QUEUED,
        mode=mode,
        trigger_node_id=trigger_node_id,
        input=payload,
        business_key=business_key,
        parent_run=parent_run,
    )


def ring_after_commit(run: Run) -> None:
    run_id = str(run.pk)
    transaction.on_commit(lambda: doorbell.ring(run_id))


def business_key_for(document: dict[str, Any], payload: Any) -> str:
    """The document's ``settings.businessKey`` JSONata evaluated on the payload, or ""."""
    source = (document.get("settings") or {}).get("businessKey") or ""
    if not isinstance(source, str) or not source.strip():
        return ""
    try:
        value = compile_expression(source).evaluate(payload)
    except ExpressionError as exc:
        # A key that cannot be computed must not lose the event; the run just has no key.
        log.warning("Business key %r failed: %s", source, exc)
        return ""
    return _as_text(value)[:BUSINESS_KEY_LENGTH]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
