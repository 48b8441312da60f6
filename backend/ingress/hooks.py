"""What a hook token points at, cached briefly so the hot path does no lookups per request."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from backend.connections.models import Connection
from backend.designer.models import Workflow, WorkflowVersion
from workflows.registry import default_registry
from workflows.sdk import Node
from workflows.trigger_modes import started_by

CACHE_SECONDS = 5.0
"""How long a web process trusts its cached view of a token (other processes' deploys)."""


@dataclass(frozen=True)
class HookTarget:
    workflow: Workflow
    version: WorkflowVersion
    node_id: str
    config: dict[str, Any]
    secret: str | None
    """The HMAC secret when the trigger requires signed calls."""
    signing_unavailable: bool = False
    """The trigger names a signing connection that is gone: refuse every call."""
    node_type: type[Node] | None = None
    """The trigger's node type, which may read bodies that are not JSON (``read_webhook``)."""


_cache: dict[str, tuple[float, HookTarget | None]] = {}
_lock = threading.Lock()


def hook_target(token: str) -> HookTarget | None:
    """The deployed webhook trigger behind ``token``, or None when there is none."""
    now = time.monotonic()
    cached = _cache.get(token)
    if cached is not None and cached[0] > now:
        return cached[1]
    target = _load(token)
    with _lock:
        _cache[token] = (now + CACHE_SECONDS, target)
    return target


def forget(token: str | None = None) -> None:
    """Drop the cached target of ``token`` (all of them when None), e.g. after a deploy."""
    with _lock:
        if token is None:
            _cache.clear()
        else:
            _cache.pop(token, None)


def _load(token: str) -> HookTarget | None:
    workflow = Workflow.objects.select_related("active_version").filter(hook_token=token).first()
    if workflow is None or workflow.active_version is None:
        return None
    version = workflow.active_version
    found = started_by(version.document, ("webhook",))
    if not found:
        return None
    node, kind = found[0]
    secret, unavailable = _signing_secret(node.get("connection"))
    return HookTarget(
        workflow=workflow,
        version=version,
        node_id=str(node["id"]),
        config=dict(node.get("config") or {}),
        secret=secret,
        signing_unavailable=unavailable,
        node_type=kind,
    )


def _signing_secret(connection_id: Any) -> tuple[str | None, bool]:
    if not connection_id:
        return None, False
    try:
        connection = Connection.objects.filter(pk=str(connection_id)).first()
    except ValidationError:
        connection = None  # not even a connection id
    if connection is None:
        return None, True
    credential = default_registry().credential_type(connection.credential_type)
    field = None if credential is None else credential.webhook_secret_field
    if field is None:
        return None, False  # a connection for other calls, not for signatures
    try:
        secret = connection.secrets.get(field)
    except Exception:
        return None, True
    return (str(secret), False) if secret else (None, True)
