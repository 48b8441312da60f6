"""Every shipped template is a valid workflow, and installing one fills in what the user chose."""

from __future__ import annotations

from typing import Any

import pytest

from workflows.expressions import compile_expression
from workflows.graph import Graph, validate_document
from workflows.nodes.stop import StopWithError
from workflows.registry import default_registry
from workflows.scheduling import plan
from workflows.sdk import NodeError
from workflows.templates import TemplateError, instantiate, list_templates, load_template
from workflows.testing import execute_node
from workflows.trigger_modes import started_by


def nodes_by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in document["nodes"]}


def test_it_ships_templates_that_validate_with_a_readme_each() -> None:
    templates = list_templates()
    assert {t.name for t in templates} >= {"order_to_cash"}
    for template in templates:
        assert validate_document(template.document, default_registry()) == [], template.name
        assert template.readme.startswith("# "), template.name


def test_it_puts_the_chosen_connections_on_every_node_of_their_type() -> None:
    template = load_template("order_to_cash")
    document = instantiate(template, {"shop": "shop-1", "infor": "infor-1"}, {})
    nodes = nodes_by_id(document)
    assert nodes["read"]["connection"] == "shop-1"
    assert nodes["processing"]["connection"] == "shop-1"
    assert nodes["salesOrder"]["connection"] == "infor-1"
    assert nodes["hook"]["connection"] is None
    assert validate_document(document, default_registry()) == []


def test_it_writes_settings_into_the_settings_node_and_node_config() -> None:
    template = load_template("order_to_cash")
    defaults = {s.name: s.default for s in template.settings}
    assert defaults["warehouse"] == "001"
    chosen = {"warehouse": "002", "tolerance": 0.5, "customerTemplate": "STDCUST"}
    document = instantiate(template, {"shop": "s", "infor": "i"}, chosen)
    nodes = nodes_by_id(document)
    fields = {f["name"]: f["value"] for f in nodes["settings"]["config"]["fields"]}
    assert fields["settings.warehouse"] == '"002"'
    assert fields["settings.tolerance"] == "0.5"
    assert nodes["inforCustomer"]["config"]["template"] == "STDCUST"


def test_it_refuses_a_missing_connection_and_an_unknown_setting() -> None:
    template = load_template("order_to_cash")
    with pytest.raises(TemplateError) as missing:
        instantiate(template, {"shop": "s"}, {})
    assert missing.value.field == "connections.infor"
    with pytest.raises(TemplateError) as unknown:
        instantiate(template, {"shop": "s", "infor": "i"}, {"colour": "red"})
    assert unknown.value.field == "settings.colour"
    with pytest.raises(TemplateError):
        load_template("no_such_template")


def test_it_stops_a_run_with_the_computed_reason_and_field() -> None:
    config = {"message": "'Order ' & reference & ' refused'", "field": "'lines'"}
    with pytest.raises(NodeError) as stopped:
        execute_node(StopWithError, config, [{"reference": "ABC"}])
    assert stopped.value.message == "Order ABC refused"
    assert stopped.value.field == "lines"
    assert execute_node(StopWithError, config, []) == {"main": []}


def test_it_starts_order_to_cash_by_webhook_and_by_a_polling_backstop() -> None:
    template = load_template("order_to_cash")
    chosen = {"pollSchedule": "*/2 * * * *", "pollSettleSeconds": 30, "shopTimezone": "UTC"}
    document = instantiate(template, {"shop": "shop-1", "infor": "infor-1"}, chosen)
    started = {node["id"]: node for node, _ in started_by(document, ("webhook", "poll"))}
    assert set(started) == {"hook", "poll"}
    poll = started["poll"]
    assert (poll["config"]["mode"], poll["config"]["resource"]) == ("poll", "orders")
    assert (poll["config"]["cron"], poll["config"]["settleSeconds"]) == ("*/2 * * * *", 30)
    assert poll["config"]["shopTimezone"] == "UTC"
    assert poll["connection"] == "shop-1"
    assert nodes_by_id(document)["cancelInfor"]["connection"] == "infor-1"
    assert validate_document(document, default_registry()) == []


@pytest.mark.parametrize(
    ("payload", "key"),
    [
        ({"event": "order.created", "entity": {"id": 5}, "data": {"id_customer": 7}}, "customer-7"),
        ({"event": "order.status_changed", "entity": {"id": 5}, "data": {}}, "order-5"),
        ({"scheduledAt": "2026-11-27T08:00:00+00:00"}, "orders-polled"),
    ],
)
def test_it_keys_order_to_cash_runs_by_customer_when_the_event_says_it(
    payload: dict[str, Any], key: str
) -> None:
    source = load_template("order_to_cash").document["settings"]["businessKey"]
    assert compile_expression(source).evaluate(payload) == key


def test_it_orders_order_to_cash_so_a_refused_order_stops_a_polled_batch_last() -> None:
    # Ties in the execution order keep document order, so with the stops last every other
    # order of a polled batch is sent and written back before the run stops for a refused one.
    document = load_template("order_to_cash").document
    graph = Graph.from_document(document, default_registry())
    order = plan(graph, "poll")
    stops = [n["id"] for n in document["nodes"] if n["type"] == "core.stop"]
    assert len(stops) == 5
    assert order[-len(stops) :] == stops
