"""RunServices with durability: the run's effect ledger and the shared connection gate."""

from __future__ import annotations

from backend.durability.ledger import DbEffectLedger
from backend.durability.limits import ConnectionGate, gate
from backend.durability.models import Replay
from backend.runs.models import Run, RunMode
from backend.runs.record_runs import DbRecordRuns
from backend.runs.services import ChildRunner, DbRunServices


class DurableRunServices(DbRunServices):
    """DbRunServices whose ``effects()`` is the database ledger and whose calls pass the
    connection gate."""

    def __init__(
        self, run_child: ChildRunner, ledger: DbEffectLedger, record_runs: DbRecordRuns
    ) -> None:
        super().__init__(run_child)
        self._ledger = ledger
        self.connection_gate: ConnectionGate = gate
        self.record_runs = record_runs

    def effects(self) -> DbEffectLedger:
        return self._ledger


def services_for(run: Run, run_child: ChildRunner) -> DurableRunServices:
    """Services for executing ``run``; a replay that forces new effects gets its own keys."""
    namespace = ""
    if run.mode == RunMode.REPLAY:
        forced = Replay.objects.filter(run_id=run.pk, force_new_effects=True).exists()
        namespace = f"replay-{run.pk}" if forced else ""
    return DurableRunServices(run_child, DbEffectLedger(str(run.pk), namespace), DbRecordRuns(run))
