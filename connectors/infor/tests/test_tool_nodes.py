"""Metadata discovery and the generic transaction node, and the nodes' registration."""

from __future__ import annotations

from connectors.infor.credentials import CREDENTIALS
from connectors.infor.nodes import NODES
from connectors.infor.tool_nodes import DescribeTransaction, ExecuteTransaction
from workflows.registry import Registry
from workflows.sdk import Item, NodeContext


def test_it_describes_a_transactions_fields(node_context: NodeContext) -> None:
    node = DescribeTransaction({"program": "OIS100MI", "transaction": "AddBatchLine"})
    [described] = node.execute(node_context, {"main": []}).outputs["main"]
    inputs = {f["name"]: f for f in described.json["inputs"]}
    assert inputs["ITNO"] == {
        "name": "ITNO",
        "type": "A",
        "length": 15,
        "description": "Item number (mandatory)",
    }
    assert [f["name"] for f in described.json["outputs"]] == ["PONR", "POSX"]


def test_it_offers_programs_and_transactions_as_choices(node_context: NodeContext) -> None:
    node = DescribeTransaction({"program": "CRS610MI"})
    assert {"value": "CRS610MI", "label": "Customer interface"} in node.options(
        node_context, "infor.programs", "crs"
    )
    values = [c["value"] for c in node.options(node_context, "infor.transactions", "basic")]
    assert values == ["ChgBasicData", "GetBasicData"]


def test_it_runs_any_transaction_with_the_item_as_record(node_context: NodeContext) -> None:
    node = ExecuteTransaction(
        {
            "program": "CRS610MI",
            "transaction": "LstByNumber",
            "maxRecords": 2,
            "returnColumns": ["CUNO"],
        }
    )
    result = node.execute(node_context, {"main": [Item({"CUNO": "WEB0000010"})]})
    assert [i.json for i in result.outputs["main"]] == [
        {"CUNO": "WEB0000010"},
        {"CUNO": "WEB0000011"},
    ]


def test_it_registers_every_node_with_valid_schemas() -> None:
    registry = Registry(NODES, CREDENTIALS)
    assert registry.get("infor.m3.sales_order.create", 1) is not None
    for node in registry.nodes():
        bods = ("infor.bod.read", "infor.bod.trigger")
        expected = None if node.spec.type_id in bods else "infor.ionapi"
        assert node.spec.credential_type == expected
        assert node.validate_config({}) == [] or node.spec.config_schema.get("required")
