"""Every Infor node type, listed for the registry's ``ferry.nodes`` entry point."""

from __future__ import annotations

from connectors.infor.bod_node import ReadBod
from connectors.infor.bod_trigger import BodTrigger
from connectors.infor.master_nodes import MASTER_NODES
from connectors.infor.order_nodes import ORDER_NODES
from connectors.infor.order_watch import OrderStatusChanges
from connectors.infor.stock_nodes import STOCK_NODES
from connectors.infor.tool_nodes import DescribeTransaction, ExecuteTransaction
from workflows.sdk import Node

NODES: list[type[Node]] = [
    *ORDER_NODES,
    OrderStatusChanges,
    *STOCK_NODES,
    *MASTER_NODES,
    DescribeTransaction,
    ExecuteTransaction,
    ReadBod,
    BodTrigger,
]
