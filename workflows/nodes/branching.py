"""If and switch: send each item down the branch whose JSONata condition it meets."""

from __future__ import annotations

from typing import Any

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import ConfigIssue, Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY
from workflows.sdk.spec import ERROR_OUT, MAIN_IN


def truthy(value: Any) -> bool:
    """JSONata's boolean cast: empty strings, arrays, objects, zero and undefined are false."""
    if isinstance(value, list):
        return any(truthy(element) for element in value)
    return bool(value)


class If(Node):
    spec = NodeSpec(
        type_id="core.if",
        version=1,
        display_name="If",
        description="Sends each item to true or false by a JSONata condition.",
        category="Flow",
        icon="git-branch",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "condition": {
                    "type": "string",
                    "title": "Condition",
                    "description": "JSONata evaluated on each item; a truthy result means true.",
                    "minLength": 1,
                    "default": "true",
                }
            },
            "required": ["condition"],
            "additionalProperties": False,
        },
        ui={"condition": {"widget": "jsonata", "placeholder": "total_paid > 100"}},
        inputs=(MAIN_IN,),
        outputs=(Port("true", "True"), Port("false", "False"), ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("condition",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        condition = compile_field(self.config["condition"], "condition")
        result: dict[str, list[Item]] = {"true": [], "false": []}
        for index, item in enumerate(inputs.get("main", [])):
            value = evaluate(condition, item.json, ctx, field="condition", index=index)
            result["true" if truthy(value) else "false"].append(item)
        return NodeResult(outputs=result)


FALLBACK = Port("fallback", "Fallback")


class Switch(Node):
    spec = NodeSpec(
        type_id="core.switch",
        version=1,
        display_name="Switch",
        description="Sends each item to the first rule whose JSONata condition it meets.",
        category="Flow",
        icon="split",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "rules": {
                    "type": "array",
                    "title": "Rules",
                    "description": "Checked in order; each rule is an output named after it.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {
                                "type": "string",
                                "title": "Output name",
                                "pattern": "^[A-Za-z0-9_-]+$",
                            },
                            "condition": {"type": "string", "title": "Condition", "minLength": 1},
                        },
                        "required": ["name", "condition"],
                        "additionalProperties": False,
                    },
                    "default": [],
                },
                "fallback": {
                    "type": "boolean",
                    "title": "Fallback output",
                    "description": "Whether items that meet no rule leave by 'fallback'; "
                    "otherwise they stop here.",
                    "default": True,
                },
            },
            "required": ["rules"],
            "additionalProperties": False,
        },
        ui={
            "rules": {
                "widget": "keyValue",
                "keyField": "name",
                "valueField": "condition",
                "valueWidget": "jsonata",
            },
            "fallback": {
                "widget": "select",
                "options": [
                    {"value": True, "label": "Send the rest to 'fallback'"},
                    {"value": False, "label": "Drop the rest"},
                ],
            },
            "outputsFrom": {"field": "rules", "portField": "name", "fallbackPort": "fallback"},
        },
        inputs=(MAIN_IN,),
        outputs=(FALLBACK, ERROR_OUT),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("rules[].condition",),
    )

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        issues = super().validate_config(config)
        rules = config.get("rules")
        names = (
            [r.get("name") for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
        )
        for index, name in enumerate(names):
            if name in names[:index] or name in ("fallback", "error"):
                issues.append(ConfigIssue(f"rules.{index}.name", f"Output '{name}' is taken."))
        return issues

    @classmethod
    def ports(cls, config: dict[str, Any]) -> tuple[tuple[Port, ...], tuple[Port, ...]]:
        # Called on configs being edited too, so rules without a name yet are left out.
        rules = config.get("rules")
        names = (
            [r.get("name") for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
        )
        outputs = [Port(name, name) for name in names if isinstance(name, str) and name]
        if config.get("fallback", True):
            outputs.append(FALLBACK)
        return cls.spec.inputs, (*outputs, ERROR_OUT)

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        rules = [
            (rule["name"], compile_field(rule["condition"], f"rules.{index}.condition"))
            for index, rule in enumerate(self.config.get("rules", []))
        ]
        result: dict[str, list[Item]] = {name: [] for name, _ in rules}
        result["fallback"] = []
        for index, item in enumerate(inputs.get("main", [])):
            port = "fallback"
            for position, (name, condition) in enumerate(rules):
                field = f"rules.{position}.condition"
                if truthy(evaluate(condition, item.json, ctx, field=field, index=index)):
                    port = name
                    break
            result[port].append(item)
        if not self.config.get("fallback", True):
            del result["fallback"]
        return NodeResult(outputs=result)
