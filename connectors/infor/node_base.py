"""What every Infor node shares: the M3 client from its connection, and errors as NodeErrors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import httpx

from connectors.infor import runtime
from connectors.infor.envelope import M3Error
from connectors.infor.errors import to_node_error
from connectors.infor.gateway import GatewayError
from connectors.infor.ionapi import IonApiFileError
from connectors.infor.m3 import M3Client
from connectors.infor.oauth import OAuthError
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, RetryPolicy

CREDENTIAL = "infor.ionapi"
CATEGORY = "Infor"
RETRY = RetryPolicy(maximum_attempts=5, initial_interval=5.0, maximum_interval=600.0)
"""Gateway quotas reset by the minute, so waits grow to minutes rather than give up early."""


class InforNode(Node):
    """Base of the M3 nodes: ``client(ctx)`` and ``failures()`` around every call."""

    icon_name: ClassVar[str] = "infor"

    def client(self, ctx: NodeContext) -> M3Client:
        if not ctx.credentials:
            raise NodeError(
                "infor.connection.missing",
                "This node needs an Infor ION API connection.",
                error_class=ErrorClass.AUTH,
                field="connection",
            )
        http = ctx.http or httpx.Client(timeout=ctx.remaining() or 60.0)
        with failures():
            gateway = runtime.gateway_for(ctx.credentials, http)
        return M3Client(
            gateway,
            company=ctx.credentials.get("company") or None,
            division=ctx.credentials.get("division") or None,
        )


@contextmanager
def failures() -> Iterator[None]:
    """Turn any Infor failure raised inside into its NodeError."""
    try:
        yield
    except (GatewayError, OAuthError, M3Error, IonApiFileError) as exc:
        raise to_node_error(exc) from exc


def items_of(inputs: dict[str, list[Item]]) -> list[Item]:
    return inputs.get("main", [])


def text(data: Any, key: str, *, required: bool = False, where: str = "") -> str:
    """A string value of an item's JSON; a missing required one names the field."""
    value = data.get(key) if isinstance(data, dict) else None
    if value is None or value == "":
        if required:
            raise NodeError(
                "infor.input.missing",
                f"The item has no '{where + key}', which this node needs.",
                error_class=ErrorClass.VALIDATION,
                field=where + key,
            )
        return ""
    return str(value)


def pick(config: dict[str, Any], data: Any, key: str) -> str:
    """The item's value for ``key``, else the node config's default."""
    return text(data, key) or str(config.get(key) or "")
