"""Order states chosen by what they mean (their flags), never by their translated names.

Shops rename, translate and add states, so a target such as "shipped" is found among the
shop's own ``order_states`` by the flags PrestaShop gives them (spec 7.3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.errors import ValidationError

Record = dict[str, Any]
TARGETS = (
    "awaiting_payment",
    "paid",
    "processing",
    "shipped",
    "delivered",
    "canceled",
    "refunded",
    "payment_error",
)


def _flag(state: Record, name: str) -> bool:
    return str(state.get(name, "0")) == "1"


def _template(state: Record) -> str:
    template = state.get("template", "")
    if isinstance(template, list):
        template = template[0]["value"] if template else ""
    return str(template)


RULES: dict[str, Callable[[Record], bool]] = {
    "awaiting_payment": lambda s: (
        not _flag(s, "paid") and not _flag(s, "logable") and bool(s.get("module_name"))
    ),
    "paid": lambda s: (
        _flag(s, "paid")
        and _flag(s, "logable")
        and not _flag(s, "shipped")
        and not _flag(s, "delivery")
        and not s.get("module_name")
    ),
    "processing": lambda s: _flag(s, "paid") and _flag(s, "delivery") and not _flag(s, "shipped"),
    "shipped": lambda s: _flag(s, "shipped") and _flag(s, "send_email"),
    "delivered": lambda s: _flag(s, "shipped") and not _flag(s, "send_email"),
    "canceled": lambda s: (
        not _flag(s, "paid") and not _flag(s, "invoice") and "cancel" in _template(s)
    ),
    "refunded": lambda s: _flag(s, "invoice") and not _flag(s, "paid") and not _flag(s, "logable"),
    "payment_error": lambda s: not _flag(s, "paid") and "error" in _template(s),
}


def choose(states: list[Record], target: str) -> Record | None:
    """The lowest-id live state matching ``target``."""
    rule = RULES[target]
    live = [s for s in states if not _flag(s, "deleted")]
    matches = sorted((s for s in live if rule(s)), key=lambda s: int(s["id"]))
    return matches[0] if matches else None


def resolve(client: PrestaShopClient, target: str | int) -> int:
    """The state id for a target name or an explicit id."""
    if isinstance(target, int) or str(target).isdigit():
        return int(target)
    states = client.list("order_states", display="full")
    found = choose(states, str(target))
    if found is None:
        raise ValidationError(
            f"The shop has no order state that means '{target}': pick the state by id in the "
            "node instead.",
            field="state",
        )
    return int(found["id"])
