"""Polling for order status changes: M3 has no webhooks, so Ferry remembers what it last saw."""

from __future__ import annotations

from typing import Any

from connectors.infor.m3 import M3Client, M3Options
from connectors.infor.node_base import CATEGORY, CREDENTIAL, RETRY, InforNode, failures, items_of
from connectors.infor.order_nodes import order_number_of
from connectors.infor.sales_orders import order_status
from connectors.infor.status_codes import shop_status
from workflows.sdk import Item, KeyValueStore, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.spec import ERROR_OUT, MAIN_IN

FINAL = frozenset({"invoiced", "cancelled"})
SEEN = "statuses"
REMEMBERED = 5000
"""Final orders remembered (so a watched customer's old orders are not reported again); the
oldest are forgotten beyond this."""


def watched_orders(client: M3Client, customers: list[str], items: list[Item]) -> list[str]:
    """Order numbers named by the input items, plus every order of the watched customers."""
    numbers = [order_number_of(client, item.json) for item in items]
    for customer in customers:
        heads = client.records("OIS100MI", "LstHead", {"CUNO": customer}, M3Options(max_records=0))
        numbers += [head["ORNO"] for head in heads]
    return list(dict.fromkeys(numbers))


def changes(client: M3Client, state: KeyValueStore, numbers: list[str]) -> list[dict[str, Any]]:
    """The status of each order whose header or line statuses moved since the last look."""
    seen: dict[str, str] = dict(state.get(SEEN) or {})
    changed = []
    for number in numbers:
        status = order_status(client, number)
        line_statuses = [str(line["status"]) for line in status["lines"]]
        status["shopStatus"] = shop_status(
            status["status"], status["lowestLineStatus"], status["highestLineStatus"], line_statuses
        )
        signature = _signature(status)
        if seen.get(number, "").removeprefix("final:") == signature:
            continue
        changed.append({**status, "previous": seen.pop(number, "")})
        seen[number] = ("final:" if status["shopStatus"] in FINAL else "") + signature
    state.set(SEEN, _pruned(seen))
    return changed


def _signature(status: dict[str, Any]) -> str:
    """Header status and lowest/highest line status, plus what each line has delivered and
    invoiced once anything has: a second part of a split shipment, or its invoice, may leave the
    header as it was (lines 36 and 66 stay 36/66 when one more unit of the first ships) and
    must still be reported."""
    header = "/".join([status["status"], status["lowestLineStatus"], status["highestLineStatus"]])
    lines = status["lines"]
    if not any(line["delivered"] for line in lines):
        return header
    done = [f"{line['line']}:{line['delivered']}/{line['invoiced']}" for line in lines]
    return f"{header} delivered/invoiced {','.join(done)}"


def _pruned(seen: dict[str, str]) -> dict[str, str]:
    final = [number for number, signature in seen.items() if signature.startswith("final:")]
    for number in final[: max(0, len(final) - REMEMBERED)]:
        del seen[number]
    return seen


class OrderStatusChanges(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.sales_order.status_changes",
        version=1,
        display_name="Order Status Changes",
        description="Reports the orders whose M3 status changed since the previous run, for the "
        "orders named by the input items and every order of the watched customers.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "customers": {
                    "type": "array",
                    "title": "Watch every order of these customers (CUNO)",
                    "items": {"type": "string", "minLength": 1, "maxLength": 10},
                    "default": [],
                }
            },
            "additionalProperties": False,
        },
        ui={"customers": {"help": "E.g. the web shop's customer in M3."}},
        inputs=(MAIN_IN,),
        outputs=(Port("main", "Changed order", "infor.order_status"), ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=300.0,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        customers = [str(c) for c in self.config.get("customers") or []]
        with failures():
            numbers = watched_orders(client, customers, items_of(inputs))
            found = changes(client, ctx.state, numbers)
        return NodeResult.on("main", [Item(status) for status in found])
