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
                "lines": {
                    "type": "string",
                    "title": "Lines (JSONata)",
                    "description": "Resolve each line of the item, e.g. associations.order_rows; "
                    "empty: the item itself. An item with an unresolved line goes to 'not found'.",
                    "default": "",
                },
                "linesTarget": {
                    "type": "string",
                    "title": "Put the resolved lines in",
                    "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "lines",
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
            "lines": {"widget": "jsonata", "placeholder": "associations.order_rows"},
            "linesTarget": {"widget": "text"},
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
        expression_fields=(*KEYS, "lines"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        lines_source = self.config.get("lines", "")
        lines_of = compile_field(lines_source, "lines") if lines_source.strip() else None
        resolver = _Resolver(self.config, ctx)
        target = self.config.get("target", "ITNO")
        resolved: list[Item] = []
        missing: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            base = dict(item.json) if isinstance(item.json, dict) else {"value": item.json}
            if lines_of is None:
                found = resolver.resolve(item.json, index)
                if found is None:
                    missing.append(derive(item, base))
                else:
                    resolved.append(
                        derive(item, {**base, target: found[0], "resolvedBy": found[1]})
                    )
                continue
            rows = evaluate(lines_of, item.json, ctx, field="lines", index=index)
            rows = rows if isinstance(rows, list) else [] if rows is None else [rows]
            lines, unresolved = [], []
            for position, row in enumerate(rows):
                found = resolver.resolve(row, index)
                if found is None:
                    unresolved.append(position)
                    lines.append(row)
                else:
                    lines.append({**_object(row), target: found[0], "resolvedBy": found[1]})
            out = {**base, self.config.get("linesTarget", "lines"): lines}
            if unresolved:
                missing.append(derive(item, {**out, "unresolvedLines": unresolved}))
            else:
                resolved.append(derive(item, out))
        return NodeResult(outputs={"main": resolved, "not_found": missing})


class _Resolver:
    """Resolves one line or product with the node's keys, rules and queue."""

    def __init__(self, config: dict[str, Any], ctx: NodeContext) -> None:
        self.config = config
        self.ctx = ctx
        self.scope = scope_of(config)
        self.expressions = {
            field: compile_field(config[field], field)
            for field in KEYS
            if config.get(field, "").strip()
        }

    def lookup(self, kind: str, shop_id: str) -> str | None:
        store = self.ctx.bindings
        found = store.lookup(kind, self.scope, shop_id=shop_id) if store else None
        return None if found is None else str(found["inforId"])

    def resolve(self, data: Any, index: int) -> tuple[str, str | None] | None:
        """``(ITNO, rule)``, or None after queueing the line for a person."""
        values = {
            field: evaluate(expression, data, self.ctx, field=field, index=index)
            for field, expression in self.expressions.items()
        }
        keys = VariantKeys.from_values(values)
        found = resolve_variant(
            keys,
            self.lookup,
            reference_is_itno=self.config.get("referenceIsItno", True),
            ean_table=self.config.get("eanTable") or None,
        )
        if found.itno is not None:
            return found.itno, found.by
        if self.config.get("queueUnresolved", True):
            self._queue(keys)
        return None

    def _queue(self, keys: VariantKeys) -> None:
        kind, value = keys.binding or ("product", keys.reference or keys.ean)
        if not value or self.ctx.bindings is None:
            return
        context: dict[str, Any] = {
            "productId": keys.product_id,
            "combinationId": keys.combination_id,
            "reference": keys.reference,
            "ean": keys.ean,
        }
        self.ctx.bindings.unresolved(
            kind, self.scope, value, run_id=self.ctx.run_id, context=context
        )


def _object(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {"value": value}
