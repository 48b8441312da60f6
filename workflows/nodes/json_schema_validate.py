"""JSON Schema validate: split items into those that match a schema and those that do not."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema

from workflows.sdk import ConfigIssue, Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.retry import NO_RETRY


class JsonSchemaValidate(Node):
    spec = NodeSpec(
        type_id="core.json_schema.validate",
        version=1,
        display_name="Validate JSON Schema",
        description="Sends items that match a JSON Schema one way and the others, "
        "with their errors, the other way.",
        category="Transform",
        icon="check-square",
        kind="logic",
        config_schema={
            "type": "object",
            "properties": {
                "schema": {
                    "type": "object",
                    "title": "JSON Schema",
                    "description": "Draft 2020-12 schema every item must match.",
                    "default": {"type": "object"},
                }
            },
            "required": ["schema"],
            "additionalProperties": False,
        },
        ui={"schema": {"widget": "json"}},
        outputs=(Port("valid", "Valid"), Port("invalid", "Invalid")),
        retry=NO_RETRY,
        timeout_s=10.0,
        side_effects="none",
    )

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> list[ConfigIssue]:
        issues = super().validate_config(config)
        schema = config.get("schema")
        if isinstance(schema, dict):
            problem = _schema_problem(json.dumps(schema, sort_keys=True))
            if problem:
                issues.append(ConfigIssue("schema", f"Not a valid JSON Schema: {problem}"))
        return issues

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        validator = jsonschema.Draft202012Validator(self.config["schema"])
        valid: list[Item] = []
        invalid: list[Item] = []
        for item in inputs.get("main", []):
            errors = sorted(validator.iter_errors(item.json), key=lambda e: list(e.absolute_path))
            if not errors:
                valid.append(item)
                continue
            described = [{"path": e.json_path, "message": e.message} for e in errors]
            invalid.append(
                Item({"json": item.json, "errors": described}, item.source_node, item.source_index)
            )
        return NodeResult(outputs={"valid": valid, "invalid": invalid})


@functools.lru_cache(maxsize=256)
def _schema_problem(schema_json: str) -> str | None:
    """Why a schema is not a valid JSON Schema, or None. Cached: checking against the
    meta-schema costs milliseconds, and every run of a deployed version checks the same one."""
    try:
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_json))
    except jsonschema.SchemaError as exc:
        return str(exc.message)
    return None
