"""A payment with a transaction id goes through the effect ledger under its own identity, so
two runs that see the same invoice (a poll and a pushed event) record it once."""

from __future__ import annotations

from typing import Any

import httpx

from connectors.prestashop.actions import AddOrderPayment
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.server import RunningSandbox
from workflows.sdk import Item, NodeContext
from workflows.testing import MemoryLedger

CONFIG = {
    "orderReferencePath": "reference",
    "amountPath": "amount",
    "transactionIdPath": "transactionId",
}


def pay(sandbox: RunningSandbox, ledger: MemoryLedger, run_id: str, item: dict[str, Any]) -> Any:
    ctx = NodeContext(
        run_id,
        "workflow-1",
        "pay",
        credentials={"baseUrl": sandbox.url, "apiKey": DEMO_KEY},
        http=httpx.Client(timeout=5),
        effects=ledger,
    )
    return AddOrderPayment(CONFIG).execute(ctx, {"main": [Item(item)]}).outputs["main"][0].json


def payments(sandbox: RunningSandbox, transaction: str) -> list[dict[str, Any]]:
    return sandbox.sandbox.shop.find("order_payments", transaction_id=transaction)


def test_it_records_a_payment_seen_by_two_runs_once(fresh_shop: RunningSandbox) -> None:
    reference = fresh_shop.sandbox.shop.table("orders")[5]["reference"]
    item = {"reference": reference, "amount": "30.00", "transactionId": "M3-2026-300009"}
    ledger = MemoryLedger()

    first = pay(fresh_shop, ledger, "poll-run", item)
    # The second run asks the ledger, not the shop: even a payment someone removed from the
    # shop meanwhile is not recorded a second time by it.
    fresh_shop.sandbox.shop.table("order_payments").pop(int(first["id"]))
    second = pay(fresh_shop, ledger, "event-run", item)

    assert second == first
    assert payments(fresh_shop, "M3-2026-300009") == []
    assert [row["status"] for row in ledger.rows.values()] == ["done"]


def test_it_finds_the_payment_an_interrupted_run_made(fresh_shop: RunningSandbox) -> None:
    reference = fresh_shop.sandbox.shop.table("orders")[5]["reference"]
    item = {"reference": reference, "amount": "30.00", "transactionId": "M3-2026-300010"}
    ledger = MemoryLedger()
    pay(fresh_shop, ledger, "poll-run", item)
    # As if that run died after the shop answered and before the ledger heard of it.
    for row in ledger.rows.values():
        row["status"] = "pending"

    again = pay(fresh_shop, ledger, "event-run", item)

    assert len(payments(fresh_shop, "M3-2026-300010")) == 1
    assert again["transaction_id"] == "M3-2026-300010"
