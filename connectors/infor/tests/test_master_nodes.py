"""Customer and item nodes against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.infor.master_nodes import (
    ChangeCustomer,
    CreateCustomer,
    CustomersChanged,
    GetCustomer,
    GetItem,
    ItemsChanged,
    SearchCustomers,
)
from connectors.infor.sandbox.serve import RunningSandbox
from workflows.sdk import Item, NodeContext, NodeError

ADA = {
    "name": "Ada Lovelace",
    "address1": "1 Analytical Way",
    "postalCode": "N1",
    "city": "London",
    "country": "GB",
    "email": "ada@example.test",
}


def run(node: Any, ctx: NodeContext, *payloads: Any) -> list[Any]:
    result = node.execute(ctx, {"main": [Item(p) for p in payloads]})
    return [item.json for item in result.outputs["main"]]


def test_it_creates_a_customer_once_per_email(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    node = CreateCustomer({"template": "WEBCUST"})
    [created] = run(node, node_context, ADA)
    assert created["created"] is True
    assert created["city"] == "London"
    [again] = run(node, node_context, ADA)
    assert (again["created"], again["customerNumber"]) == (False, created["customerNumber"])
    assert len(sandbox.world.tenant.customers) == 41


def test_it_names_the_bad_template(node_context: NodeContext) -> None:
    with pytest.raises(NodeError) as caught:
        run(CreateCustomer({"template": "NOPE"}), node_context, ADA)
    assert caught.value.field == "CUTM"


def test_it_changes_only_the_given_fields(node_context: NodeContext) -> None:
    [changed] = run(
        ChangeCustomer({}), node_context, {"customerNumber": "WEB0000005", "phone": "+33 9"}
    )
    assert changed["phone"] == "+33 9"
    assert changed["name"] == "Marco Rossi 5"
    assert changed["m3"]["CUNO"] == "WEB0000005"


def test_it_gets_and_searches_customers(node_context: NodeContext) -> None:
    [customer] = run(GetCustomer({}), node_context, {"customerNumber": "WEB0000002"})
    [found] = run(SearchCustomers({}), node_context, {"email": customer["email"]})
    assert [c["customerNumber"] for c in found["customers"]] == ["WEB0000002"]
    with pytest.raises(NodeError) as caught:
        run(SearchCustomers({}), node_context, {"name": "x"})
    assert caught.value.field == "query"


def test_it_lists_customers_changed_since_the_last_run(node_context: NodeContext) -> None:
    node = CustomersChanged({})
    assert len(run(node, node_context)) == 40
    run(ChangeCustomer({}), node_context, {"customerNumber": "WEB0000007", "city": "Lille"})
    assert [c["customerNumber"] for c in run(node, node_context)] == ["WEB0000007"]


def test_it_gets_an_item_and_lists_items_changed(
    node_context: NodeContext, sandbox: RunningSandbox
) -> None:
    [item] = run(GetItem({}), node_context, {"item": "SKU-00009-WHM"})
    assert item["name"].endswith("/ WHM")
    today = sandbox.world.clock.date()
    changed = run(ItemsChanged({"since": today}), node_context)
    assert {i["changedOn"] for i in changed} == {today}
    assert node_context.state.get("changedOn") == today
