"""Cross-reference nodes: look up the other system's id of an item, record a new id pair."""

from __future__ import annotations

from typing import Any

from workflows.nodes.cross_reference import (
    KIND_PROPERTY,
    KIND_UI,
    SCOPE_PROPERTIES,
    SCOPE_UI,
    require_bindings,
    scope_of,
    text_id,
)
from workflows.nodes.evaluation import compile_field, derive, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT

TARGET_PROPERTY: dict[str, Any] = {
    "type": "string",
    "title": "Put the binding in",
    "description": "Field of the item that receives the binding.",
    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
    "default": "binding",
}

STORE_RETRY = RetryPolicy(maximum_attempts=3, initial_interval=1.0)
"""The store is the host's database: a short retry covers a dropped connection."""


class BindingLookup(Node):
    spec = NodeSpec(
        type_id="core.bindings.lookup",
        version=1,
        display_name="Look Up Binding",
        description="Finds the other system's id of each item in the cross-reference.",
        category="Transform",
        icon="link",
        kind="action",
        config_schema={
            "type": "object",
            "properties": {
                "kind": KIND_PROPERTY,
                "by": {
                    "type": "string",
                    "title": "Known id",
                    "enum": ["shop", "infor"],
                    "default": "shop",
                },
                "id": {
                    "type": "string",
                    "title": "Id (JSONata)",
                    "description": "The id the item carries, e.g. id_customer.",
                    "minLength": 1,
                    "default": "id",
                },
                "target": TARGET_PROPERTY,
                "queueUnresolved": {
                    "type": "boolean",
                    "title": "Queue ids not found for a person",
                    "default": False,
                },
                **SCOPE_PROPERTIES,
            },
            "required": ["kind", "id"],
            "additionalProperties": False,
        },
        ui={
            "kind": KIND_UI,
            "by": {
                "widget": "select",
                "options": [
                    {"value": "shop", "label": "The shop's id"},
                    {"value": "infor", "label": "Infor's id"},
                ],
            },
            "id": {"widget": "jsonata", "placeholder": "id_customer"},
            "target": {"widget": "text"},
            "queueUnresolved": {
                "widget": "select",
                "options": [
                    {"value": True, "label": "Queue for a person"},
                    {"value": False, "label": "Only send to 'not found'"},
                ],
            },
            **SCOPE_UI,
        },
        outputs=(Port("found", "Found"), Port("not_found", "Not found"), ERROR_OUT),
        retry=STORE_RETRY,
        timeout_s=10.0,
        side_effects="none",
        expression_fields=("id",),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        store = require_bindings(ctx)
        expression = compile_field(self.config["id"], "id")
        kind, scope, by = self.config["kind"], scope_of(self.config), self.config["by"]
        target = self.config.get("target", "binding")
        found: list[Item] = []
        missing: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            value = text_id(evaluate(expression, item.json, ctx, field="id", index=index))
            binding = None
            if value is not None:
                side = {"shop_id": value} if by == "shop" else {"infor_id": value}
                binding = store.lookup(kind, scope, **side)
            if binding is not None:
                base = item.json if isinstance(item.json, dict) else {"value": item.json}
                found.append(derive(item, {**base, target: binding}))
                continue
            if value is not None and self.config.get("queueUnresolved"):
                store.unresolved(kind, scope, value, side=by, run_id=ctx.run_id)
            missing.append(item)
        return NodeResult(outputs={"found": found, "not_found": missing})


class BindingRecord(Node):
    spec = NodeSpec(
        type_id="core.bindings.record",
        version=1,
        display_name="Record Binding",
        description="Records the pair of ids of each item in the cross-reference.",
        category="Transform",
        icon="link-2",
        kind="action",
        config_schema={
            "type": "object",
            "properties": {
                "kind": KIND_PROPERTY,
                "shopId": {
                    "type": "string",
                    "title": "Shop id (JSONata)",
                    "minLength": 1,
                    "default": "shopId",
                },
                "inforId": {
                    "type": "string",
                    "title": "Infor id (JSONata)",
                    "minLength": 1,
                    "default": "inforId",
                },
                "target": TARGET_PROPERTY,
                **SCOPE_PROPERTIES,
            },
            "required": ["kind", "shopId", "inforId"],
            "additionalProperties": False,
        },
        ui={
            "kind": KIND_UI,
            "shopId": {"widget": "jsonata", "placeholder": "order.id"},
            "inforId": {"widget": "jsonata", "placeholder": "ORNO"},
            "target": {"widget": "text"},
            **SCOPE_UI,
        },
        outputs=(MAIN_OUT, Port("conflict", "Conflict"), ERROR_OUT),
        retry=STORE_RETRY,
        timeout_s=10.0,
        side_effects="idempotent",
        expression_fields=("shopId", "inforId"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        store = require_bindings(ctx)
        shop_expression = compile_field(self.config["shopId"], "shopId")
        infor_expression = compile_field(self.config["inforId"], "inforId")
        kind, scope = self.config["kind"], scope_of(self.config)
        target = self.config.get("target", "binding")
        recorded: list[Item] = []
        conflicts: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            shop_id = _required(
                evaluate(shop_expression, item.json, ctx, field="shopId", index=index),
                "shopId",
                index,
            )
            infor_id = _required(
                evaluate(infor_expression, item.json, ctx, field="inforId", index=index),
                "inforId",
                index,
            )
            base = item.json if isinstance(item.json, dict) else {"value": item.json}
            try:
                binding = store.record(kind, scope, shop_id, infor_id, run_id=ctx.run_id)
            except NodeError as error:
                if error.code != "binding.conflict":
                    raise
                conflicts.append(derive(item, {**base, "conflict": error.to_json()}))
                continue
            recorded.append(derive(item, {**base, target: binding}))
        return NodeResult(outputs={"main": recorded, "conflict": conflicts})


def _required(value: Any, field: str, index: int) -> str:
    text = text_id(value)
    if text is None:
        raise NodeError(
            "binding.id_missing",
            f"'{field}' gave no id for item {index}; both ids are needed to record a binding.",
            error_class=ErrorClass.VALIDATION,
            field=field,
            details={"itemIndex": index, "value": value},
        )
    return text
