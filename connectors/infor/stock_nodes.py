"""Stock nodes: balances per item and warehouse, and the delta feed of changed balances."""

from __future__ import annotations

from typing import Any

from connectors.infor.cursors import changed_since
from connectors.infor.envelope import M3Error
from connectors.infor.m3 import M3Client, M3Options
from connectors.infor.node_base import (
    CATEGORY,
    CREDENTIAL,
    RETRY,
    InforNode,
    failures,
    items_of,
    text,
)
from workflows.sdk import Item, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.spec import ERROR_OUT, MAIN_IN

BALANCE = Port("main", "Balance", "infor.stock_balance")
WAREHOUSES = {
    "type": "array",
    "title": "Warehouses (WHLO)",
    "items": {"type": "string", "minLength": 1, "maxLength": 3},
    "default": ["001"],
}


def balance(row: dict[str, str]) -> dict[str, Any]:
    return {
        "item": row.get("ITNO", ""),
        "warehouse": row.get("WHLO", ""),
        "onHand": _int(row.get("STQT")),
        "allocated": _int(row.get("ALQT")),
        "allocatable": _int(row.get("AV01")),
        "available": _int(row.get("AV02")),
    }


def _int(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


class StockBalances(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.stock.balances",
        version=1,
        display_name="Stock Balances",
        description="Reads on-hand and allocatable stock per item and warehouse (MMS200MI "
        "GetItmWhsBal), or every item of the warehouses (LstSumWhsBal).",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "warehouses": {**WAREHOUSES, "minItems": 1},
                "mode": {
                    "type": "string",
                    "title": "Read",
                    "enum": ["items", "warehouse"],
                    "default": "items",
                },
                "fromItem": {
                    "type": "string",
                    "title": "First item (POPN) in warehouse mode",
                    "minLength": 1,
                    "maxLength": 15,
                    "default": "0",
                },
                "unknownItems": {
                    "type": "string",
                    "title": "Items M3 does not know",
                    "enum": ["fail", "skip"],
                    "default": "fail",
                },
            },
            "required": ["warehouses"],
            "additionalProperties": False,
        },
        ui={
            "warehouses": {"help": "Allocatable (AV01) is the shop quantity."},
            "mode": {"widget": "select", "help": "items: the 'item' of each input item."},
            "fromItem": {"widget": "text", "help": "Lists items from this number on."},
            "unknownItems": {"widget": "select"},
        },
        inputs=(MAIN_IN,),
        outputs=(BALANCE, ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=120.0,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        warehouses = [str(w) for w in self.config["warehouses"]]
        if self.config.get("mode") == "warehouse":
            first = str(self.config.get("fromItem") or "0")
            with failures():
                rows = [
                    Item(balance(row))
                    for whlo in warehouses
                    for row in client.records(
                        "MMS200MI",
                        "LstSumWhsBal",
                        {"WHLO": whlo, "POPN": first},
                        M3Options(max_records=0),
                    )
                ]
            return NodeResult.on("main", rows)
        found = []
        with failures():
            for item in items_of(inputs):
                itno = text(item.json, "item", required=True)
                for whlo in warehouses:
                    row = self._one(client, whlo, itno)
                    if row is not None:
                        found.append(Item(balance(row), item.source_node, item.source_index))
        return NodeResult.on("main", found)

    def _one(self, client: M3Client, whlo: str, itno: str) -> dict[str, str] | None:
        try:
            return client.execute("MMS200MI", "GetItmWhsBal", {"WHLO": whlo, "ITNO": itno}).first()
        except M3Error as exc:
            if self.config.get("unknownItems") == "skip" and exc.error_field == "ITNO":
                return None
            raise


class StockChanges(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.stock.changes",
        version=1,
        display_name="Stock Changes Since Last Run",
        description="Lists the balances that changed since the previous run (OIS100MI "
        "LstNewBalances with a stored LMTS cursor): the delta feed for shop stock.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {"warehouses": {**WAREHOUSES, "default": []}},
            "additionalProperties": False,
        },
        ui={"warehouses": {"help": "Empty: every warehouse."}},
        inputs=(MAIN_IN,),
        outputs=(BALANCE, ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=300.0,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        wanted = {str(w) for w in self.config.get("warehouses") or []}
        with failures():
            rows = [
                Item(balance(row))
                for row in changed_since(client, ctx.state, "OIS100MI", "LstNewBalances", {})
                if not wanted or row.get("WHLO") in wanted
            ]
        return NodeResult.on("main", rows)


STOCK_NODES = [StockBalances, StockChanges]
