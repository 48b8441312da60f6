"""Workflow validation: one test per kind of problem, and all problems reported together."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from workflows.graph import WORKFLOW_SCHEMA, Problem, validate_document
from workflows.registry import Registry
from workflows.sdk import ConfigIssue, Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT


class _Passes(Node):
    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        return NodeResult.on("main", inputs.get("main", []))


def _spec(type_id: str, **fields: Any) -> NodeSpec:
    return NodeSpec(
        type_id=type_id,
        version=fields.pop("version", 1),
        display_name=type_id,
        description="A node for tests.",
        category="Flow",
        icon="box",
        **fields,
    )


class Hook(_Passes):
    spec = _spec("test.trigger.hook", kind="trigger", inputs=())


class Mapper(_Passes):
    spec = _spec(
        "test.map",
        config_schema={
            "type": "object",
            "properties": {"expression": {"type": "string", "minLength": 1}},
            "required": ["expression"],
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        expression_fields=("expression",),
        timeout_s=10.0,
    )


class Router(_Passes):
    """Outputs one port per rule, like a switch."""

    spec = _spec(
        "test.route",
        config_schema={
            "type": "object",
            "properties": {
                "rules": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}, "when": {"type": "string"}},
                        "required": ["name", "when"],
                    },
                }
            },
            "required": ["rules"],
        },
        expression_fields=("rules[].when",),
    )

    @classmethod
    def ports(cls, config: dict[str, Any]) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        return cls.spec.inputs, tuple(Port(rule["name"], rule["name"]) for rule in config["rules"])

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        issues = super().validate_config(config)
        if not config.get("rules"):
            issues.append(ConfigIssue("rules", "Add at least one rule."))
        return issues


class OrderSource(_Passes):
    spec = _spec("test.order.get", outputs=(Port("main", "Order", data_type="shop.order"),))


class StockSink(_Passes):
    spec = _spec("test.stock.put", inputs=(Port("main", "Stock", data_type="erp.stock"),))


class ErrorLog(_Passes):
    spec = _spec("test.error.log", inputs=(Port("main", "Failure", data_type="error"),))


class MapperV2(Mapper):
    spec = _spec("test.map", version=2, expression_fields=("expression",))


REGISTRY = Registry(
    [Hook, Mapper, MapperV2, Router, OrderSource, StockSink, ErrorLog], credential_types=[]
)


def _node(node_id: str, type_id: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": type_id,
        "typeVersion": 1,
        "name": node_id.title(),
        "config": config or {},
        "position": {"x": 0, "y": 0},
    }


def _edge(edge_id: str, source: str, target: str, **ports: str) -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target, **ports}


VALID = {
    "schemaVersion": 1,
    "nodes": [
        _node("hook", "test.trigger.hook"),
        _node("route", "test.route", {"rules": [{"name": "paid", "when": "state = 2"}]}),
        _node("map", "test.map", {"expression": "{'ref': reference}"}),
        _node("log", "test.error.log"),
    ],
    "edges": [
        _edge("e1", "hook", "route"),
        _edge("e2", "route", "map", sourcePort="paid", targetPort="main"),
        _edge("e3", "map", "log", sourcePort="error"),
    ],
    "settings": {"businessKey": "reference", "timeoutSeconds": 300},
}


def _changed(**parts: Any) -> dict[str, Any]:
    document = copy.deepcopy(VALID)
    document.update(parts)
    return document


def _codes(problems: list[Problem]) -> list[tuple[str | None, str, str]]:
    return [(p.node_id, p.field, p.code) for p in problems]


def test_it_accepts_a_valid_document() -> None:
    assert validate_document(VALID, REGISTRY) == []


def test_it_reports_schema_errors_at_the_node_and_field() -> None:
    document = _changed()
    document["nodes"][2]["typeVersion"] = "one"
    document["nodes"][3]["colour"] = "red"
    del document["schemaVersion"]

    assert _codes(validate_document(document, REGISTRY)) == [
        (None, "schemaVersion", "schema"),
        ("map", "typeVersion", "schema"),
        ("log", "colour", "schema"),
    ]


def test_it_names_schema_errors_in_edges_by_edge_id() -> None:
    document = _changed()
    document["edges"][0]["sourcePort"] = 7

    assert _codes(validate_document(document, REGISTRY)) == [
        (None, "edges.e1.sourcePort", "schema")
    ]


def test_it_rejects_what_is_not_a_document() -> None:
    problems = validate_document(["nodes"], REGISTRY)

    assert _codes(problems) == [(None, "", "schema")]


def test_it_reports_an_unknown_node_type() -> None:
    document = _changed()
    document["nodes"][2]["type"] = "test.nothing"

    assert _codes(validate_document(document, REGISTRY)) == [("map", "type", "unknown_type")]


def test_it_reports_an_unknown_version_naming_the_newest() -> None:
    document = _changed()
    document["nodes"][2]["typeVersion"] = 9

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [("map", "typeVersion", "unknown_version")]
    assert "newest installed is 2" in problems[0].message


def test_it_reports_duplicate_node_ids() -> None:
    document = _changed()
    document["nodes"].append(_node("map", "test.map", {"expression": "$"}))

    assert _codes(validate_document(document, REGISTRY)) == [("map", "id", "duplicate_id")]


def test_it_reports_duplicate_edge_ids() -> None:
    document = _changed()
    document["edges"].append(_edge("e1", "map", "log", sourcePort="error"))

    assert _codes(validate_document(document, REGISTRY)) == [("map", "edges.e1", "duplicate_id")]


def test_it_reports_edges_to_nodes_that_do_not_exist() -> None:
    document = _changed()
    document["edges"].append(_edge("e4", "map", "ghost"))

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [("map", "edges.e4.target", "dangling_edge")]
    assert "'ghost'" in problems[0].message


def test_it_reports_edges_from_ports_the_node_does_not_have() -> None:
    document = _changed()
    document["edges"][1]["sourcePort"] = "unpaid"
    document["edges"][2]["targetPort"] = "side"

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [
        ("route", "edges.e2.sourcePort", "dangling_edge"),
        ("log", "edges.e3.targetPort", "dangling_edge"),
    ]
    assert "(outputs: paid)" in problems[0].message


def test_it_takes_ports_from_the_config() -> None:
    document = _changed()
    document["nodes"][1]["config"]["rules"].append({"name": "unpaid", "when": "state = 10"})
    document["edges"].append(_edge("e4", "route", "map", sourcePort="unpaid"))

    assert validate_document(document, REGISTRY) == []


def test_it_names_the_nodes_of_a_cycle() -> None:
    document = _changed()
    document["nodes"].append(_node("again", "test.map", {"expression": "$"}))
    document["edges"] += [_edge("e4", "map", "again"), _edge("e5", "again", "route")]

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [("route", "edges", "cycle")]
    assert problems[0].message == "Nodes route → map → again → route form a loop."


def test_it_reports_missing_and_invalid_config() -> None:
    document = _changed()
    document["nodes"][1]["config"] = {"rules": [{"name": "paid"}]}
    document["nodes"][2]["config"] = {}

    assert _codes(validate_document(document, REGISTRY)) == [
        ("route", "config.rules.0.when", "config"),
        ("map", "config.expression", "config"),
    ]


def test_it_runs_the_node_types_own_config_rules() -> None:
    document = _changed()
    document["nodes"][1]["config"] = {"rules": []}
    del document["edges"][1]

    assert _codes(validate_document(document, REGISTRY)) == [("route", "config.rules", "config")]


def test_it_reports_jsonata_that_does_not_parse_with_its_position() -> None:
    document = _changed()
    document["nodes"][2]["config"]["expression"] = "{'ref': reference"

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [("map", "config.expression", "expression")]
    assert "at character 17" in problems[0].message


def test_it_checks_jsonata_in_each_element_of_a_list() -> None:
    document = _changed()
    rules = [{"name": "paid", "when": "state = 2"}, {"name": "late", "when": "state >"}]
    document["nodes"][1]["config"]["rules"] = rules

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [("route", "config.rules.1.when", "expression")]


def test_it_checks_the_business_key() -> None:
    document = _changed(settings={"businessKey": "order.(reference"})

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [(None, "settings.businessKey", "expression")]
    assert "at character" in problems[0].message


def test_it_reports_ports_of_different_data_types() -> None:
    document = _changed()
    document["nodes"] += [_node("order", "test.order.get"), _node("stock", "test.stock.put")]
    document["edges"] += [_edge("e4", "map", "order"), _edge("e5", "order", "stock")]

    problems = validate_document(document, REGISTRY)

    assert _codes(problems) == [("order", "edges.e5", "port_mismatch")]
    assert "'shop.order' items" in problems[0].message


def test_it_lets_an_error_port_feed_only_inputs_that_take_errors() -> None:
    document = _changed()
    document["nodes"].append(_node("stock", "test.stock.put"))
    document["edges"].append(_edge("e4", "map", "stock", sourcePort="error"))

    assert _codes(validate_document(document, REGISTRY)) == [("map", "edges.e4", "port_mismatch")]


def test_it_reports_an_edge_into_a_trigger() -> None:
    document = _changed()
    document["edges"].append(_edge("e4", "map", "hook"))

    assert _codes(validate_document(document, REGISTRY)) == [
        ("hook", "edges.e4.target", "trigger_input")
    ]


def test_it_reports_a_workflow_without_a_trigger() -> None:
    document = _changed()
    document["nodes"] = document["nodes"][1:]
    document["edges"] = document["edges"][1:]

    assert _codes(validate_document(document, REGISTRY)) == [(None, "nodes", "no_trigger")]


def test_it_reports_a_node_timeout_longer_than_its_type_allows() -> None:
    document = _changed()
    document["nodes"][2]["timeoutSeconds"] = 60

    assert _codes(validate_document(document, REGISTRY)) == [("map", "timeoutSeconds", "timeout")]


def test_it_reports_every_problem_at_once() -> None:
    document = _changed(settings={"businessKey": "("})
    document["nodes"][0]["type"] = "test.trigger.gone"
    document["nodes"][2]["config"] = {"expression": "a b"}
    document["nodes"].append(_node("route", "test.map", {"expression": "$"}))
    document["nodes"].append(_node("extra", "test.map"))
    document["nodes"][3]["notes"] = 5
    document["edges"] += [
        _edge("e1", "map", "log"),
        _edge("e9", "map", "nowhere"),
        _edge("e10", "log", "route"),  # closes a loop route → map → log → route
    ]

    assert _codes(validate_document(document, REGISTRY)) == [
        ("log", "notes", "schema"),
        ("hook", "type", "unknown_type"),
        ("map", "config.expression", "expression"),
        ("route", "id", "duplicate_id"),
        ("extra", "config.expression", "config"),
        ("map", "edges.e1", "duplicate_id"),
        ("map", "edges.e9.target", "dangling_edge"),
        ("route", "edges", "cycle"),
        (None, "settings.businessKey", "expression"),
    ]


def test_it_serialises_problems_in_camel_case() -> None:
    problem = Problem("map", "config.expression", "Bad.", "expression")

    assert problem.to_json() == {
        "nodeId": "map",
        "field": "config.expression",
        "message": "Bad.",
        "code": "expression",
    }


def test_it_publishes_the_schema_in_the_docs() -> None:
    published = Path(__file__).resolve().parents[2] / "docs" / "workflow.schema.json"

    assert json.loads(published.read_text(encoding="utf-8")) == WORKFLOW_SCHEMA


def test_it_validates_against_the_built_in_node_types() -> None:
    from workflows.registry import default_registry

    document = {
        "schemaVersion": 1,
        "nodes": [
            _node("hook", "core.trigger.webhook"),
            _node("map", "core.jsonata.map", {"expression": "{'ref': order.reference"}),
        ],
        "edges": [_edge("e1", "hook", "map")],
    }

    problems = validate_document(document, default_registry())

    assert _codes(problems) == [("map", "config.expression", "expression")]


def test_it_leaves_edges_of_a_node_with_broken_config_to_the_config_problem() -> None:
    document = _changed()
    document["nodes"][1]["config"] = {"rules": [{"name": ["paid"], "when": "state = 2"}]}

    assert _codes(validate_document(document, REGISTRY)) == [
        ("route", "config.rules.0.name", "config")
    ]
