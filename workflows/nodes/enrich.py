"""Enrichment node: values (cost centre, project, order type, warehouse) from a rules table."""

from __future__ import annotations

from typing import Any

from workflows.nodes.evaluation import compile_field, derive, evaluate
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT
from workflows.transforms.enrichment import ENRICHMENT_RULES_SCHEMA, enrich


class Enrich(Node):
    spec = NodeSpec(
        type_id="core.enrich",
        version=1,
        display_name="Enrich by Rules",
        description="Adds values such as warehouse or cost centre chosen by rules on each item.",
        category="Transform",
        icon="list-plus",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "facts": {
                    "type": "array",
                    "title": "Facts",
                    "description": "Named JSONata values the rules test, e.g. country, carrier.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1},
                            "value": {"type": "string", "minLength": 1},
                        },
                        "required": ["name", "value"],
                        "additionalProperties": False,
                    },
                    "default": [],
                },
                "rules": {
                    **ENRICHMENT_RULES_SCHEMA,
                    "title": "Rules",
                    "description": "In order; the first rule to set a field wins, so put a "
                    "catch-all ({} conditions) last for defaults.",
                    "default": [],
                },
                "target": {
                    "type": "string",
                    "title": "Put the values in",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "enrichment",
                },
                "required": {
                    "type": "array",
                    "title": "Required values",
                    "description": "Items missing one of these go to 'incomplete'.",
                    "items": {"type": "string"},
                    "default": [],
                },
            },
            "required": ["facts", "rules"],
            "additionalProperties": False,
        },
        ui={
            "facts": {
                "widget": "keyValue",
                "keyField": "name",
                "valueField": "value",
                "valueWidget": "jsonata",
            },
            "rules": {"widget": "json"},
            "target": {"widget": "text"},
            "required": {"widget": "json", "placeholder": '["warehouse"]'},
        },
        outputs=(MAIN_OUT, Port("incomplete", "Incomplete"), ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("facts[].value",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        facts = [
            (fact["name"], compile_field(fact["value"], f"facts.{i}.value"))
            for i, fact in enumerate(self.config.get("facts", []))
        ]
        rules = self.config.get("rules", [])
        target = self.config.get("target", "enrichment")
        required = self.config.get("required", [])
        complete: list[Item] = []
        incomplete: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            known: dict[str, Any] = {}
            for position, (name, expression) in enumerate(facts):
                where = f"facts.{position}.value"
                known[name] = evaluate(expression, item.json, ctx, field=where, index=index)
            values = enrich(known, rules)
            base = dict(item.json) if isinstance(item.json, dict) else {"value": item.json}
            missing = [name for name in required if values.get(name) in (None, "")]
            out = {**base, target: values}
            if missing:
                incomplete.append(derive(item, {**out, "missing": missing}))
            else:
                complete.append(derive(item, out))
        return NodeResult(outputs={"main": complete, "incomplete": incomplete})
