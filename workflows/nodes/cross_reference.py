"""Shared pieces of the cross-reference and transformation nodes: scope fields, host stores."""

from __future__ import annotations

from typing import Any

from workflows.sdk import BindingStore, ErrorClass, NodeContext, NodeError, ReferenceTables
from workflows.sdk.bindings import BINDING_KINDS, binding_scope

SCOPE_PROPERTIES: dict[str, Any] = {
    "shopConnection": {
        "type": "string",
        "title": "Shop connection",
        "description": "The PrestaShop connection whose ids are bound; empty for the default pair.",
        "default": "",
    },
    "inforConnection": {
        "type": "string",
        "title": "Infor connection",
        "description": "The Infor connection whose ids are bound; empty for the default pair.",
        "default": "",
    },
}
"""Config fields naming the connection pair a node's bindings belong to."""

SCOPE_UI: dict[str, Any] = {
    "shopConnection": {
        "widget": "text",
        "placeholder": "connection id",
        "help": "Bindings are kept per pair of connections.",
    },
    "inforConnection": {
        "widget": "text",
        "placeholder": "connection id",
        "help": "Bindings are kept per pair of connections.",
    },
}

KIND_PROPERTY: dict[str, Any] = {
    "type": "string",
    "title": "Kind",
    "enum": list(BINDING_KINDS),
    "default": "product",
}

KIND_UI: dict[str, Any] = {
    "widget": "select",
    "options": [
        {"value": kind, "label": kind.replace("_", " ").capitalize()} for kind in BINDING_KINDS
    ],
}


def scope_of(config: dict[str, Any]) -> str:
    """The binding scope of a node's configured connection pair."""
    return binding_scope(
        config.get("shopConnection") or None, config.get("inforConnection") or None
    )


def require_bindings(ctx: NodeContext) -> BindingStore:
    """The run's cross-reference store; a NodeError when the host offers none."""
    if ctx.bindings is None:
        raise NodeError(
            "bindings.unavailable",
            "This node needs the cross-reference store, which this run has not got.",
            error_class=ErrorClass.BUG,
        )
    return ctx.bindings


def require_tables(ctx: NodeContext) -> ReferenceTables:
    """The run's reference tables (rates, status tables); a NodeError when there are none."""
    if ctx.tables is None:
        raise NodeError(
            "tables.unavailable",
            "This node needs the stored reference tables, which this run has not got.",
            error_class=ErrorClass.BUG,
        )
    return ctx.tables


def text_id(value: Any) -> str | None:
    """An id as text (``12`` and ``"12"`` bind the same), None when empty."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None
