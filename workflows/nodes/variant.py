"""Variant resolution node: the Infor item number (ITNO) of each shop product or combination."""

from __future__ import annotations

from typing import Any

from workflows.nodes.cross_reference import SCOPE_PROPERTIES, SCOPE_UI, scope_of
from workflows.nodes.evaluation import compile_field, derive, evaluate
from workflows.sdk import Item, Node, NodeContext, NodeResult, NodeSpec, Port
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT
from workflows.transforms.variants import VariantKeys, resolve_variant

KEYS = {
    "productId": ("Product id (JSONata)", "product_id"),
    "combinationId": ("Combination id (JSONata)", "product_attribute_id"),
    "reference": ("Reference (JSONata)", "product_reference"),
    "ean": ("EAN (JSONata)", "product_ean13"),
}
"""Config field -> (title, default expression, as named in a PrestaShop order row)."""


class VariantResolve(Node):
    spec = NodeSpec(
        type_id="core.variant.resolve",
        version=1,
        display_name="Resolve Item Number",
        description="Finds the Infor item number of each product or combination; the rest wait "
        "for a person.",
        category="Transform",
        icon="barcode",
        kind="action",
        config_schema={
            "type": "object",
            "properties": {
                **{
                    field: {"type": "string", "title": title, "default": default}
                    for field, (title, default) in KEYS.items()
                },
                "referenceIsItno": {
                    "type": "boolean",
                    "title": "Shop references are Infor item numbers",
                    "default": True,
                },
                "eanTable": {
                    "type": "object",
                    "title": "EAN to item number",
                    "additionalProperties": {"type": "string"},
                    "default": {},
                },
                "queueUnresolved": {
                    "type": "boolean",
                    "title": "Queue unresolved items for a person",
                    "default": True,
                },
                "target": {
                    "type": "string",
                    "title": "Put the item number in",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "ITNO",
                },
                **SCOPE_PROPERTIES,
            },
            "required": ["productId", "combinationId"],
            "additionalProperties": False,
        },
        ui={
            **{field: {"widget": "jsonata"} for field in KEYS},
            "referenceIsItno": {
                "widget": "select",
                "options": [
                    {"value": True, "label": "Yes: use the reference as the item number"},
                    {"value": False, "label": "No: bindings and EANs only"},
                ],
            },
            "eanTable": {"widget": "json"},
            "queueUnresolved": {
                "widget": "select",
                "options": [
                    {"value": True, "label": "Queue for a person"},
                    {"value": False, "label": "Only send to 'not found'"},
                ],
            },
            "target": {"widget": "text"},
            **SCOPE_UI,
        },
        outputs=(MAIN_OUT, Port("not_found", "Not found"), ERROR_OUT),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=1.0),
        timeout_s=10.0,
        side_effects="none",
        expression_fields=tuple(KEYS),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        expressions = {
            field: compile_field(self.config[field], field)
            for field in KEYS
            if self.config.get(field, "").strip()
        }
        scope = scope_of(self.config)
        store = ctx.bindings

        def lookup(kind: str, shop_id: str) -> str | None:
            found = store.lookup(kind, scope, shop_id=shop_id) if store else None
            return None if found is None else str(found["inforId"])

        target = self.config.get("target", "ITNO")
        resolved: list[Item] = []
        missing: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            values = {
                field: evaluate(expression, item.json, ctx, field=field, index=index)
                for field, expression in expressions.items()
            }
            keys = VariantKeys.from_values(values)
            found = resolve_variant(
                keys,
                lookup,
                reference_is_itno=self.config.get("referenceIsItno", True),
                ean_table=self.config.get("eanTable") or None,
            )
            base = dict(item.json) if isinstance(item.json, dict) else {"value": item.json}
            if found.itno is not None:
                resolved.append(derive(item, {**base, target: found.itno, "resolvedBy": found.by}))
                continue
            if store is not None and self.config.get("queueUnresolved", True):
                self._queue(ctx, keys, scope)
            missing.append(derive(item, base))
        return NodeResult(outputs={"main": resolved, "not_found": missing})

    @staticmethod
    def _queue(ctx: NodeContext, keys: VariantKeys, scope: str) -> None:
        kind, value = keys.binding or ("product", keys.reference or keys.ean)
        if not value or ctx.bindings is None:
            return
        context: dict[str, Any] = {
            "productId": keys.product_id,
            "combinationId": keys.combination_id,
            "reference": keys.reference,
            "ean": keys.ean,
        }
        ctx.bindings.unresolved(kind, scope, value, run_id=ctx.run_id, context=context)
