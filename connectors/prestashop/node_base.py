"""What every PrestaShop node shares: the client from its connection, item paths, error mapping."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.credentials import client_for
from connectors.prestashop.errors import PrestaShopError, to_node_error
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult

T = TypeVar("T")


def shop_client(ctx: NodeContext) -> PrestaShopClient:
    if not ctx.credentials:
        raise NodeError(
            "prestashop.no_connection",
            "This node has no PrestaShop shop connection: pick one in the node's Connection field.",
            error_class=ErrorClass.AUTH,
            field="connection",
        )
    return client_for(ctx.credentials, ctx.http)


@contextmanager
def as_node_errors() -> Iterator[None]:
    """Client failures leave the node as the NodeError the run step shows."""
    try:
        yield
    except PrestaShopError as exc:
        raise to_node_error(exc) from exc


def value_at(data: Any, path: str) -> Any:
    """The value at a dotted ``path`` (``order.id``) in an item, or None."""
    current = data
    for part in [p for p in path.split(".") if p]:
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def pick(item: Any, config: dict[str, Any], name: str) -> Any:
    """An input: the item's field named by ``<name>Path`` in the config, else the config's
    fixed ``name`` value."""
    path = str(config.get(f"{name}Path") or "")
    found = value_at(item, path) if path else None
    return found if found not in (None, "") else config.get(name)


def required_int(value: Any, field: str, what: str) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or int(text) <= 0:
        raise NodeError(
            "prestashop.input",
            f"{what} is missing or not a positive whole number (got {value!r}): map it into "
            f"'{field}' of the incoming item or set it in the node.",
            error_class=ErrorClass.VALIDATION,
            field=field,
        )
    return int(text)


class PrestaShopNode(Node):
    """Runs ``handle`` once per incoming item with a client for the node's shop."""

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = shop_client(ctx)
        out: list[Item] = []
        for index, item in enumerate(inputs.get("main", [])):
            with as_node_errors():
                results = self.handle(ctx, client, item.json)
            out.extend(Item(r, item.source_node, index) for r in results)
        return NodeResult.on("main", out)

    def handle(self, ctx: NodeContext, client: PrestaShopClient, data: Any) -> list[Any]:
        """Do the node's work for one item; return the items it produces. Subclasses override
        it; this default passes the item on unchanged."""
        return [data]


def once(ctx: NodeContext, key: str, operation: str, request: Any, act: Callable[[], T]) -> Any:
    """Perform ``act`` at most once per ``key`` when the engine keeps an effect ledger."""
    if ctx.effects is None:
        return act()
    done = ctx.effects.begin(key, operation, request)
    if done is not None:
        return done.get("result")
    result = act()
    ctx.effects.complete(key, {"result": result})
    return result
