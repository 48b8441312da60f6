"""JSONata inside nodes: compile a config field once, evaluate it per item, fail as NodeError."""

from __future__ import annotations

from typing import Any

from workflows.expressions import Expression, ExpressionError, compile_expression
from workflows.sdk import ErrorClass, Item, NodeContext, NodeError


def compile_field(source: str, field: str, code: str = "expression.invalid") -> Expression:
    """The compiled expression held in config ``field``; cached per source text by
    ``compile_expression``, so each workflow version's expressions are parsed once."""
    try:
        return compile_expression(source)
    except ExpressionError as exc:
        raise NodeError(
            code,
            f"The expression in '{field}' is not valid JSONata: {exc.message}",
            error_class=ErrorClass.VALIDATION,
            field=field,
            details={"position": exc.position},
        )


def evaluate(
    expression: Expression,
    data: Any,
    ctx: NodeContext,
    *,
    field: str,
    index: int | None = None,
    code: str = "expression.failed",
) -> Any:
    """``expression`` evaluated on ``data``; ``$trigger`` and ``$vars`` are bound."""
    try:
        return expression.evaluate(data, bindings(ctx))
    except ExpressionError as exc:
        where = f" for item {index}" if index is not None else ""
        raise NodeError(
            code,
            f"The expression in '{field}' failed{where}: {exc.message}",
            error_class=ErrorClass.VALIDATION,
            field=field,
            details={"position": exc.position, "itemIndex": index},
        )


def bindings(ctx: NodeContext) -> dict[str, Any]:
    """Variables every expression sees: ``$trigger`` (the run's payload) and ``$vars``."""
    return {"trigger": ctx.trigger_payload, "vars": ctx.variables}


def derive(item: Item, value: Any) -> Item:
    """A new item made from ``item``, keeping its lineage."""
    return Item(value, item.source_node, item.source_index)


def all_items(inputs: dict[str, list[Item]]) -> list[Item]:
    """The items of every input port, in port order."""
    return [item for items in inputs.values() for item in items]
