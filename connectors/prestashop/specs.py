"""Small builders for the PrestaShop nodes' declarations (config schemas and UI hints)."""

from __future__ import annotations

from typing import Any

from workflows.sdk import NodeSpec, RetryPolicy
from workflows.sdk.spec import ERROR_OUT, MAIN_IN, MAIN_OUT, NodeKind, SideEffects, TriggerMode

CATEGORY = "PrestaShop"
ICON = "prestashop"
RESOURCE_NAMES = [
    "orders",
    "order_details",
    "order_histories",
    "order_states",
    "order_carriers",
    "order_payments",
    "order_invoices",
    "customers",
    "addresses",
    "countries",
    "states",
    "currencies",
    "products",
    "combinations",
    "stock_availables",
    "carriers",
]
RETRY = RetryPolicy(
    maximum_attempts=4,
    initial_interval=5.0,
    maximum_interval=300.0,
    non_retryable_codes=("prestashop.auth", "prestashop.permission", "prestashop.validation"),
)


def path_field(title: str, default: str, description: str) -> dict[str, Any]:
    """A config field naming where in the incoming item a value is (dotted path)."""
    return {"type": "string", "title": title, "description": description, "default": default}


def spec(
    type_id: str,
    display_name: str,
    description: str,
    properties: dict[str, Any],
    ui: dict[str, Any],
    *,
    required: tuple[str, ...] = (),
    kind: NodeKind = "action",
    side_effects: SideEffects = "none",
    data_type: str = "any",
    trigger: TriggerMode | None = None,
    trigger_mode_field: str | None = None,
) -> NodeSpec:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return NodeSpec(
        type_id=type_id,
        version=1,
        display_name=display_name,
        description=description,
        category=CATEGORY,
        icon=ICON,
        kind=kind,
        config_schema=schema,
        ui={**ui, "connection": {"widget": "credentials", "help": "The PrestaShop shop to use."}},
        inputs=() if kind == "trigger" else (MAIN_IN,),
        outputs=(MAIN_OUT,) if kind == "trigger" else (MAIN_OUT, ERROR_OUT),
        credential_type="prestashop.shop",
        retry=RETRY,
        timeout_s=60.0,
        side_effects=side_effects,
        trigger=trigger,
        trigger_mode_field=trigger_mode_field,
    )
