"""Status mapping node: the state an order should move to, through an editable table with guards."""

from __future__ import annotations

from typing import Any

import jsonschema

from workflows.nodes.cross_reference import require_tables
from workflows.nodes.evaluation import compile_field, derive, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import ERROR_OUT
from workflows.transforms.status import INFOR_TO_SHOP, STATUS_TABLE_SCHEMA, decide_status

DEFAULT_FACTS = [
    {"name": "stat", "value": "STAT"},
    {"name": "lowestLine", "value": "ORSL"},
    {"name": "highestLine", "value": "ORST"},
    {"name": "delivered", "value": "$count(deliveries) > 0"},
]


class StatusMap(Node):
    spec = NodeSpec(
        type_id="core.status.map",
        version=1,
        display_name="Map Order Status",
        description="Chooses the state each order moves to, never backwards and never shipped "
        "before a delivery.",
        category="Transform",
        icon="arrow-right-left",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "table": {
                    "type": "string",
                    "title": "Stored table",
                    "description": "Name of a status table kept in Ferry; empty: the rules below.",
                    "default": "",
                },
                "rules": {
                    **STATUS_TABLE_SCHEMA["properties"]["rules"],
                    "title": "Rules",
                    "default": INFOR_TO_SHOP["rules"],
                },
                "ranks": {
                    **STATUS_TABLE_SCHEMA["properties"]["ranks"],
                    "title": "Progress rank of each state",
                    "default": INFOR_TO_SHOP["ranks"],
                },
                "facts": {
                    "type": "array",
                    "title": "Facts",
                    "description": "Named JSONata values the rules test; 'delivered' is true "
                    "once Infor reports a delivery.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1},
                            "value": {"type": "string", "minLength": 1},
                        },
                        "required": ["name", "value"],
                        "additionalProperties": False,
                    },
                    "default": DEFAULT_FACTS,
                },
                "current": {
                    "type": "string",
                    "title": "Current state (JSONata)",
                    "minLength": 1,
                    "default": "current_state",
                },
                "target": {
                    "type": "string",
                    "title": "Put the decision in",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "status",
                },
            },
            "required": ["facts", "current"],
            "additionalProperties": False,
        },
        ui={
            "table": {"widget": "text", "placeholder": "infor-to-shop"},
            "rules": {"widget": "json", "showWhen": {"table": ""}},
            "ranks": {"widget": "json", "showWhen": {"table": ""}},
            "facts": {
                "widget": "keyValue",
                "keyField": "name",
                "valueField": "value",
                "valueWidget": "jsonata",
            },
            "current": {"widget": "jsonata", "placeholder": "current_state"},
            "target": {"widget": "text"},
        },
        outputs=(
            Port("main", "Move"),
            Port("unchanged", "Unchanged"),
            Port("blocked", "Blocked"),
            Port("unmapped", "Unmapped"),
            ERROR_OUT,
        ),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=1.0),
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("facts[].value", "current"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        table = self._table(ctx)
        facts = [
            (fact["name"], compile_field(fact["value"], f"facts.{i}.value"))
            for i, fact in enumerate(self.config["facts"])
        ]
        current_of = compile_field(self.config["current"], "current")
        target = self.config.get("target", "status")
        ports: dict[str, list[Item]] = {"main": [], "unchanged": [], "blocked": [], "unmapped": []}
        for index, item in enumerate(inputs.get("main", [])):
            known: dict[str, Any] = {}
            for position, (name, expression) in enumerate(facts):
                where = f"facts.{position}.value"
                known[name] = evaluate(expression, item.json, ctx, field=where, index=index)
            current = evaluate(current_of, item.json, ctx, field="current", index=index)
            decision = decide_status(table, known, current)
            base = dict(item.json) if isinstance(item.json, dict) else {"value": item.json}
            port = "main" if decision.verdict == "move" else decision.verdict
            ports[port].append(derive(item, {**base, target: decision.to_json()}))
        return NodeResult(outputs=ports)

    def _table(self, ctx: NodeContext) -> dict[str, Any]:
        name = self.config.get("table", "")
        if not name:
            return {"rules": self.config.get("rules", []), "ranks": self.config.get("ranks", {})}
        stored = require_tables(ctx).status_table(name)
        if stored is None:
            raise NodeError(
                "status.table_not_found",
                f"There is no status table named '{name}'.",
                error_class=ErrorClass.VALIDATION,
                field="table",
            )
        errors = list(jsonschema.Draft202012Validator(STATUS_TABLE_SCHEMA).iter_errors(stored))
        if errors:
            raise NodeError(
                "status.table_invalid",
                f"Status table '{name}' is not valid: {errors[0].message}",
                error_class=ErrorClass.VALIDATION,
                field="table",
            )
        return stored
