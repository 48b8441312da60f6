"""Cross-reference protocols: id pairs between the shop and Infor, and the reference tables
(exchange rates, status tables) that transformation nodes read and keep fresh.

Implemented by the backend (database) and by ``workflows.testing`` (memory). Bindings and
unresolved values are JSON objects in camelCase, the same shape the REST API returns.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

BINDING_KINDS = ("order", "customer", "product", "combination", "address", "carrier", "order_state")
"""What a binding joins: shop order ↔ ORNO, customer ↔ CUNO, product/combination ↔ ITNO,
address ↔ address id, carrier ↔ forwarding agent or delivery method, order state ↔ status."""

Side = Literal["shop", "infor"]

DEFAULT_SCOPE = "default"


def binding_scope(shop_connection: str | None, infor_connection: str | None) -> str:
    """The scope of bindings between two connections: ``"<shop id>~<infor id>"``, or
    ``"default"`` when neither is given (one shop joined to one Infor)."""
    if not shop_connection and not infor_connection:
        return DEFAULT_SCOPE
    return f"{shop_connection or ''}~{infor_connection or ''}"


class BindingStore(Protocol):
    """Id pairs, unique both ways per ``(kind, scope)``, and a queue of ids nobody could bind.

    A binding is ``{"id", "kind", "scope", "shopId", "inforId", "sourceRunId", "createdAt",
    "updatedAt"}``; an unresolved value is ``{"id", "kind", "scope", "side", "value",
    "count", "firstSeen", "lastSeen", "runIds", "context", "resolvedAt"}``.
    """

    def lookup(
        self, kind: str, scope: str, shop_id: str | None = None, infor_id: str | None = None
    ) -> dict[str, Any] | None:
        """The binding with this shop id (or this Infor id), or None."""
        ...

    def record(
        self, kind: str, scope: str, shop_id: str, infor_id: str, *, run_id: str | None = None
    ) -> dict[str, Any]:
        """Bind ``shop_id`` to ``infor_id`` and return the binding; recording the same pair
        again returns it unchanged. Raises ``NodeError("binding.conflict")`` when either id
        is already bound to another."""
        ...

    def unresolved(
        self,
        kind: str,
        scope: str,
        value: str,
        *,
        side: Side = "shop",
        run_id: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue ``value`` (an id on ``side`` that has no binding) for a person, counting how
        often and by which runs it was met; returns the queue entry."""
        ...


class ReferenceTables(Protocol):
    """Stored tables the transformation nodes read: exchange rates and status tables."""

    def rates(self, base: str, quote: str, on: str | None = None) -> list[dict[str, Any]]:
        """Stored rates that have either currency on either side (so a rate can be crossed
        through a third currency), dated ``on`` (ISO date) or before it (all dates when None),
        newest first: ``{"base", "quote", "rate" (decimal text), "source", "date"}``."""
        ...

    def set_rates(self, rates: list[dict[str, Any]]) -> int:
        """Store rates (same shape), replacing those of the same base, quote and date;
        returns how many were written."""
        ...

    def status_table(self, name: str) -> dict[str, Any] | None:
        """The stored status table named ``name`` (``{"rules", "ranks"}``), or None."""
        ...
