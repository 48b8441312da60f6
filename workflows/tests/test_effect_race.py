"""An effect begun by another attempt between our look and our begin is reconciled, not parked."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.sdk import NodeError
from workflows.sdk.effects import perform_once
from workflows.testing import MemoryLedger


class RacingLedger(MemoryLedger):
    """Reports no row at the look, as if the other attempt's begin committed just after it."""

    def status(self, key: str) -> str | None:
        return None


def racing_ledger(key: str) -> RacingLedger:
    ledger = RacingLedger()
    ledger.rows[key] = {"status": "pending", "operation": "send", "request": {}}
    return ledger


def test_it_takes_the_outcome_the_target_reports_after_a_race() -> None:
    ledger = racing_ledger("order-1")
    sent: list[str] = []

    def send() -> dict[str, Any]:
        sent.append("again")
        return {"id": "new"}

    outcome = perform_once(
        ledger, "order-1", "send", {}, send, lambda _key, _request: {"id": "found"}
    )

    assert outcome == {"id": "found"}
    assert sent == []
    assert ledger.rows["order-1"]["status"] == "done"


def test_it_still_asks_a_person_when_the_target_cannot_tell() -> None:
    ledger = racing_ledger("order-2")

    def nothing(_key: str, _request: Any) -> dict[str, Any] | None:
        return None

    with pytest.raises(NodeError) as raised:
        perform_once(ledger, "order-2", "send", {}, lambda: {"id": "new"}, nothing)

    assert raised.value.code == "effect.uncertain"
