"""Change Order State with the state id taken from the item (a template setting, a table)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from connectors.prestashop.actions import ChangeOrderState
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY
from connectors.prestashop.sandbox.server import RunningSandbox
from workflows.sdk import Item, NodeContext, NodeError


def context(sandbox: RunningSandbox) -> NodeContext:
    return NodeContext(
        "run-1",
        "workflow-1",
        "node-1",
        credentials={"baseUrl": sandbox.url, "apiKey": DEMO_KEY},
        http=httpx.Client(timeout=5),
    )


def change(sandbox: RunningSandbox, config: dict[str, Any], item: dict[str, Any]) -> Any:
    node = ChangeOrderState({"state": "by_id", "orderIdPath": "orderId", **config})
    return node.execute(context(sandbox), {"main": [Item(item)]}).outputs["main"][0].json


def current_state(sandbox: RunningSandbox, order_id: int) -> int:
    url = f"{sandbox.url}/api/orders/{order_id}?display=[current_state]&output_format=JSON"
    return int(httpx.get(url, auth=(DEMO_KEY, "")).json()["orders"][0]["current_state"])


def test_it_moves_to_the_state_id_the_item_carries(fresh_shop: RunningSandbox) -> None:
    before = current_state(fresh_shop, 12)
    wanted = 3 if before != 3 else 2
    item = {"orderId": 12, "settings": {"partlyShipped": wanted}}
    done = change(fresh_shop, {"stateIdPath": "settings.partlyShipped", "stateId": 8}, item)
    assert (done["stateId"], done["changed"]) == (wanted, True)
    assert current_state(fresh_shop, 12) == wanted


def test_it_falls_back_to_the_fixed_id_and_refuses_none(fresh_shop: RunningSandbox) -> None:
    config = {"stateIdPath": "settings.partlyShipped", "stateId": 3}
    assert change(fresh_shop, config, {"orderId": 12})["stateId"] == 3
    with pytest.raises(NodeError) as caught:
        change(fresh_shop, {"stateIdPath": "settings.partlyShipped"}, {"orderId": 12})
    assert caught.value.field == "stateId"
