"""The sandbox's MI programs: one module per program family, each registering its handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from connectors.infor.sandbox.state import Tenant

Row = dict[str, Any]


@dataclass
class Call:
    """One transaction call: the tenant, the inputs, and the sandbox settings."""

    tenant: Tenant
    record: dict[str, str]
    settings: Any
    user: str = "FERRYSVC"
    context: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.record.get(name, default).strip()


Handler = Callable[[Call], list[Row]]
HANDLERS: dict[tuple[str, str], Handler] = {}


def handles(program: str, transaction: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[(program, transaction)] = handler
        return handler

    return register


def handler_for(program: str, transaction: str) -> Handler | None:
    _load()
    return HANDLERS.get((program, transaction)) or HANDLERS.get(("*", transaction))


def _load() -> None:
    # Importing the modules registers their handlers.
    from connectors.infor.sandbox.programs import (  # noqa: F401
        customers,
        deliveries,
        generic,
        invoices,
        items,
        metadata,
        orders,
    )
