"""DbRunStore: the executor's step checkpoints as Step rows, each durable when the call returns.

Checkpoints are the hottest writes of a run (two per step), so they are single hand-written
statements rather than ORM queries; the values still go through the model fields, so each
database gets them in its own format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from backend.runs import prepared
from backend.runs.models import Step
from workflows.run_store import StepRecord, StepStatus

_STEP = Step._meta.db_table
_FINISH = (
    f"UPDATE {_STEP} SET status = %s, outputs = %s, error = %s, finished_at = %s WHERE id = %s"
)
T = TypeVar("T")


class DbRunStore:
    """RunStore over the ``Step`` model; every call is its own short autocommit write.

    ``records`` keeps every step of the run this store has read or written, so whoever finishes
    the run can count its steps without reading them back.

    With ``combine`` a step's end is written in one transaction with the next write of the run:
    the next step's start, or the run's own end (``written_with``). Nothing leaves the process in
    between (the next node only runs once its start is stored), so a crash there is a crash just
    before the checkpoint, which resuming already handles; each run commits three times less.
    """

    def __init__(self, *, combine: bool = False, fresh: bool = False) -> None:
        self.records: list[StepRecord] = []
        self._fresh = fresh
        """The run is known to have no steps yet, so reading them back needs no query."""
        self._by_id: dict[str, StepRecord] = {}
        self._combine = combine
        self._held: list[Any] | None = None
        """The parameters of a step's end not written yet."""
        self._deferred: dict[str, dict[str, Any]] = {}
        """Deferred steps' starts by provisional id, written with their ends."""
        self._rows: list[dict[str, Any]] = []
        """Finished deferred steps not written yet (with ``combine``): they go with the run's
        next write, in the same statement when that is a step's start."""

    def steps(self, run_id: str) -> list[StepRecord]:
        if self._fresh:
            return list(self.records)
        query = Step.objects.raw(
            f"SELECT * FROM {_STEP} WHERE run_id = %s ORDER BY id",
            [prepared.db_value(Step, "run", run_id)],
        )
        self.records = [_record(step) for step in query]
        self._by_id = {record.step_id: record for record in self.records}
        return list(self.records)

    def start_step(
        self,
        run_id: str,
        node_id: str,
        attempt: int,
        inputs: dict[str, list[dict[str, Any]]],
        *,
        deferred: bool = False,
    ) -> str:
        values: dict[str, Any] = {
            "run": run_id,
            "node_id": node_id,
            "attempt": attempt,
            "status": "running",
            "inputs": inputs,
            "started_at": timezone.now(),
        }
        if deferred:
            provisional = f"deferred-{len(self._deferred) + 1}"
            self._deferred[provisional] = values
            return provisional
        step_id = self._insert(values)
        record = StepRecord(
            step_id, node_id, attempt, "running", inputs, started_at=values["started_at"]
        )
        self.records.append(record)
        self._by_id[step_id] = record
        return step_id

    def finish_step(
        self,
        step_id: str,
        status: StepStatus,
        outputs: dict[str, list[dict[str, Any]]] | None,
        error: dict[str, Any] | None,
    ) -> str | None:
        finished_at = timezone.now()
        values = {"status": status, "outputs": outputs, "error": error, "finished_at": finished_at}
        started = self._deferred.pop(step_id, None)
        if started is not None:
            # Its one write: the whole step, held for the run's next write when combining.
            row = {**started, **values}
            stored: str | None = None
            if self._combine:
                self._rows.append(row)
            else:
                stored = step_id = self._insert(row)
            record = StepRecord(
                step_id,
                started["node_id"],
                started["attempt"],
                status,
                started["inputs"],
                outputs,
                error,
                started_at=started["started_at"],
                finished_at=finished_at,
            )
            self.records.append(record)
            self._by_id[step_id] = record
            return stored
        self.write_held()
        self._held = [*prepared.db_values(Step, values.items()), int(step_id)]
        if not self._combine:
            self.write_held()
        existing = self._by_id.get(step_id)
        if existing is not None:
            existing.status, existing.outputs, existing.error = status, outputs, error
            existing.finished_at = finished_at
        return step_id

    def _insert(self, values: dict[str, Any]) -> str:
        """Insert a step row, after the finished steps held back and in the same statement (in
        one transaction with the held step end); returns its id."""
        rows = [*self._rows, values]
        self._rows = []
        try:
            with self._together():
                ids = _write_rows(rows, returning=True)
        except BaseException:
            self._rows = rows[:-1]
            raise
        # Ids grow in the order of the VALUES, so the new step's is the largest.
        return str(max(ids))

    def write_held(self) -> None:
        """Write the step's end and the finished steps still held back, if any."""
        if self._held is not None:
            with prepared.cursor() as cursor:
                cursor.execute(_FINISH, self._held)
            self._held = None
        if self._rows:
            rows, self._rows = self._rows, []
            _write_rows(rows, returning=False)

    def written_with(self, write: Callable[[], T]) -> T:
        """``write()`` and what is still held back, in one transaction."""
        with self._together():
            return write()

    @contextmanager
    def _together(self) -> Iterator[None]:
        """A transaction writing what is held back first; held again if it rolls back."""
        held, rows = self._held, self._rows
        if held is None and not rows:
            yield
            return
        try:
            with transaction.atomic():
                self.write_held()
                yield
        except BaseException:
            self._held, self._rows = held, rows
            raise


_ROW_FIELDS = (
    "run",
    "node_id",
    "attempt",
    "status",
    "inputs",
    "outputs",
    "error",
    "started_at",
    "finished_at",
)


def _write_rows(rows: list[dict[str, Any]], *, returning: bool) -> list[int]:
    """Insert whole step rows in one statement; their ids when ``returning``."""
    columns = ", ".join(_column(Step, name) for name in _ROW_FIELDS)
    marks = "(" + ", ".join(["%s"] * len(_ROW_FIELDS)) + ")"
    insert = f"INSERT INTO {_STEP} ({columns}) VALUES {', '.join([marks] * len(rows))}"
    values = [(name, row.get(name)) for row in rows for name in _ROW_FIELDS]
    with prepared.cursor() as cursor:
        cursor.execute(
            insert + (" RETURNING id" if returning else ""), prepared.db_values(Step, values)
        )
        return [int(found[0]) for found in cursor.fetchall()] if returning else []


def _column(model: type[Model], name: str) -> str:
    field: Any = model._meta.get_field(name)
    return str(field.column)


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
