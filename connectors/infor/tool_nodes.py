"""General M3 nodes: describe a transaction (MRS001MI) and run any transaction."""

from __future__ import annotations

from typing import Any

from connectors.infor import metadata
from connectors.infor.m3 import M3Options
from connectors.infor.node_base import CATEGORY, CREDENTIAL, RETRY, InforNode, failures, items_of
from workflows.sdk import Item, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.spec import ERROR_OUT, MAIN_IN

NAME = {"type": "string", "pattern": "^[A-Za-z0-9]{1,15}$"}


class DescribeTransaction(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.metadata.describe",
        version=1,
        display_name="Describe M3 Transaction",
        description="Lists a transaction's input and output fields with type, length and "
        "description (MRS001MI), or a program's transactions when none is named.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "program": {**NAME, "title": "Program", "default": "OIS100MI"},
                "transaction": {**NAME, "title": "Transaction (empty: list them)"},
            },
            "required": ["program"],
            "additionalProperties": False,
        },
        ui={
            "program": {"widget": "text", "options": "infor.programs"},
            "transaction": {"widget": "text", "options": "infor.transactions"},
        },
        inputs=(MAIN_IN,),
        outputs=(Port("main", "Metadata", "infor.metadata"), ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        program = str(self.config["program"])
        transaction = str(self.config.get("transaction") or "")
        with failures():
            if transaction:
                data: dict[str, Any] = metadata.describe(client, program, transaction)
            else:
                data = {"program": program, "transactions": metadata.transactions(client, program)}
        return NodeResult.on("main", [Item(data)])

    def options(self, ctx: NodeContext, source: str, query: str) -> list[dict[str, str]]:
        """Dynamic choices for the designer: ``infor.programs`` or ``infor.transactions``."""
        client = self.client(ctx)
        with failures():
            if source == "infor.transactions":
                rows = metadata.transactions(client, str(self.config.get("program") or ""))
                choices = [{"value": r["transaction"], "label": r["description"]} for r in rows]
            else:
                rows = metadata.programs(client)
                choices = [{"value": r["program"], "label": r["description"]} for r in rows]
        return [c for c in choices if query.lower() in (c["value"] + c["label"]).lower()]


class ExecuteTransaction(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.execute",
        version=1,
        display_name="Run M3 Transaction",
        description="Runs any M3 MI transaction with each item as its input record (M3 field "
        "names); outputs one item per returned record.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "program": {**NAME, "title": "Program"},
                "transaction": {**NAME, "title": "Transaction"},
                "maxRecords": {"type": "integer", "minimum": 0, "default": 0},
                "returnColumns": {"type": "array", "items": NAME, "default": []},
            },
            "required": ["program", "transaction"],
            "additionalProperties": False,
        },
        ui={
            "program": {"widget": "text", "options": "infor.programs"},
            "transaction": {"widget": "text", "options": "infor.transactions"},
            "maxRecords": {"widget": "number", "help": "0: every record."},
            "returnColumns": {"help": "Empty: every output field."},
        },
        inputs=(MAIN_IN,),
        outputs=(Port("main", "Records", "infor.record"), ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        side_effects="unsafe",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        options = M3Options(
            max_records=int(self.config.get("maxRecords", 0)),
            return_columns=tuple(self.config.get("returnColumns") or ()),
        )
        program, transaction = str(self.config["program"]), str(self.config["transaction"])
        records = []
        with failures():
            for item in items_of(inputs):
                record = item.json if isinstance(item.json, dict) else {}
                for row in client.records(program, transaction, record, options):
                    records.append(Item(row, item.source_node, item.source_index))
        return NodeResult.on("main", records)
