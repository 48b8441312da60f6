"""The PrestaShop node types, listed for the ``ferry.nodes`` entry point."""

from __future__ import annotations

from connectors.prestashop.actions import (
    AddOrderPayment,
    ChangeOrderState,
    GetRecord,
    SearchRecords,
    SetTrackingNumber,
    UpdateStock,
)
from connectors.prestashop.order_messages import AddOrderMessage
from connectors.prestashop.trigger import PrestaShopTrigger, ReadEvent
from connectors.prestashop.upserts import UpsertCustomer, UpsertProduct
from workflows.sdk import Node

NODES: list[type[Node]] = [
    PrestaShopTrigger,
    ReadEvent,
    GetRecord,
    SearchRecords,
    ChangeOrderState,
    SetTrackingNumber,
    AddOrderMessage,
    AddOrderPayment,
    UpdateStock,
    UpsertCustomer,
    UpsertProduct,
]
