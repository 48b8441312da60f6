"""DbRunStore: the executor's step checkpoints as Step rows, each durable when the call returns."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from backend.runs.models import Step
from workflows.run_store import StepRecord, StepStatus


class DbRunStore:
    """RunStore over the ``Step`` model; every call is its own short autocommit write."""

    def steps(self, run_id: str) -> list[StepRecord]:
        return [_record(step) for step in Step.objects.filter(run_id=run_id).order_by("id")]

    def start_step(
        self, run_id: str, node_id: str, attempt: int, inputs: dict[str, list[dict[str, Any]]]
    ) -> str:
        step = Step.objects.create(
            run_id=run_id,
            node_id=node_id,
            attempt=attempt,
            status="running",
            inputs=inputs,
            started_at=timezone.now(),
        )
        return str(step.pk)

    def finish_step(
        self,
        step_id: str,
        status: StepStatus,
        outputs: dict[str, list[dict[str, Any]]] | None,
        error: dict[str, Any] | None,
    ) -> None:
        Step.objects.filter(pk=int(step_id)).update(
            status=status, outputs=outputs, error=error, finished_at=timezone.now()
        )


def _record(step: Step) -> StepRecord:
    return StepRecord(
        step_id=str(step.pk),
        node_id=step.node_id,
        attempt=step.attempt,
        status=step.status,  # type: ignore[arg-type]
        inputs=step.inputs,
        outputs=step.outputs,
        error=step.error,
        started_at=step.started_at,
        finished_at=step.finished_at,
    )
