"""The node SDK: the one contract that built-in nodes and connector packages implement."""

from __future__ import annotations

from workflows.sdk.bindings import BindingStore, ReferenceTables
from workflows.sdk.context import EffectLedger, KeyValueStore, NodeContext
from workflows.sdk.credentials import CredentialType
from workflows.sdk.errors import ErrorClass, NodeError, Suspend
from workflows.sdk.items import Item, NodeResult
from workflows.sdk.node import ConfigIssue, Node
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import NodeSpec, Port, SideEffects

__all__ = [
    "BindingStore",
    "ConfigIssue",
    "CredentialType",
    "EffectLedger",
    "ErrorClass",
    "Item",
    "KeyValueStore",
    "Node",
    "NodeContext",
    "NodeError",
    "NodeResult",
    "NodeSpec",
    "Port",
    "ReferenceTables",
    "RetryPolicy",
    "SideEffects",
    "Suspend",
]
