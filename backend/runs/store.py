"""DbRunStore: the executor's step checkpoints as Step rows, each durable when the call returns.

Checkpoints are the hottest writes of a run (two per step), so they are single hand-written
statements rather than ORM queries; the values still go through the model fields, so each
database gets them in its own format.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from backend.runs.models import Step
from workflows.run_store import StepRecord, StepStatus

_STEP = Step._meta.db_table


class DbRunStore:
    """RunStore over the ``Step`` model; every call is its own short autocommit write.

    ``records`` keeps every step of the run this store has read or written, so whoever finishes
    the run can count its steps without reading them back.
    """

    def __init__(self) -> None:
        self.records: list[StepRecord] = []
        self._by_id: dict[str, StepRecord] = {}

    def steps(self, run_id: str) -> list[StepRecord]:
        query = Step.objects.raw(
            f"SELECT * FROM {_STEP} WHERE run_id = %s ORDER BY id",
            [_prep(Step, "run", run_id)],
        )
        self.records = [_record(step) for step in query]
        self._by_id = {record.step_id: record for record in self.records}
        return list(self.records)

    def start_step(
        self, run_id: str, node_id: str, attempt: int, inputs: dict[str, list[dict[str, Any]]]
    ) -> str:
        started_at = timezone.now()
        values = {
            "run": run_id,
            "node_id": node_id,
            "attempt": attempt,
            "status": "running",
            "inputs": inputs,
            "started_at": started_at,
        }
        columns = ", ".join(_column(Step, name) for name in values)
        marks = ", ".join(["%s"] * len(values))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_STEP} ({columns}) VALUES ({marks}) RETURNING id",
                _prepared(Step, values.items()),
            )
            step_id = str(cursor.fetchone()[0])
        record = StepRecord(step_id, node_id, attempt, "running", inputs, started_at=started_at)
        self.records.append(record)
        self._by_id[step_id] = record
        return step_id

    def finish_step(
        self,
        step_id: str,
        status: StepStatus,
        outputs: dict[str, list[dict[str, Any]]] | None,
        error: dict[str, Any] | None,
    ) -> None:
        finished_at = timezone.now()
        values = {"status": status, "outputs": outputs, "error": error, "finished_at": finished_at}
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_STEP} SET status = %s, outputs = %s, error = %s, finished_at = %s "
                "WHERE id = %s",
                [*_prepared(Step, values.items()), int(step_id)],
            )
        record = self._by_id.get(step_id)
        if record is not None:
            record.status, record.outputs, record.error = status, outputs, error
            record.finished_at = finished_at


def _column(model: type[Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(field.column)


def _prep(model: type[Model], name: str, value: Any) -> Any:
    """``value`` as the database wants it for the column of field ``name``."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def _prepared(model: type[Model], values: Iterable[tuple[str, Any]]) -> list[Any]:
    return [_prep(model, name, value) for name, value in values]


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
