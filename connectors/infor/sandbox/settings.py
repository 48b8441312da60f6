"""The sandbox's switches: the facts the spec leaves unverified are settings, not guesses."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from connectors.infor.sandbox.typed import problems


@dataclass
class SandboxSettings:
    tenant_id: str = "FERRY_TST"
    client_id: str = "FERRY_TST~sandbox-client"
    client_secret: str = "sandbox-client-secret"
    service_account_access_key: str = "FERRY_TST#SANDBOXACCESSKEY"
    service_account_secret_key: str = "sandbox-service-secret"
    token_lifetime: int = 7200
    """Seconds on the sandbox clock an access token lives (Infor's default is two hours)."""
    issue_refresh_tokens: bool = True
    token_requests_per_minute: int = 20
    """Service-account authentications a tenant allows per minute (Infor OS Essentials: 20)."""
    api_calls_per_minute: int = 3000
    retry_after: int | None = 30
    """``Retry-After`` seconds sent with a 429; None sends none (Infor does not document one)."""
    single_error_status: int = 400
    """HTTP status of a failed single GET: 400 as m3-odin reads it, 200 as the API documents."""
    full_envelope: bool = False
    """Emit every envelope key of Infor's schema, empty when unused, instead of leaving it out."""
    bulk_stop_on_error: bool = False
    """Whether a failed bulk transaction marks the ones after it ``notProcessed``."""
    mandatory_error_type: str = "MandatoryInputFieldNotFound"
    default_maxrecs: int = 100
    """Records a list returns when the call sends no ``maxrecs`` (no server default is known)."""
    address_types: tuple[str, ...] = ("1", "2", "3")
    customer_order_category: str = "3"
    """``RORC`` of customer orders in MWS411MI (commonly 3, unverified)."""
    gateway_timeout: float = 60.0
    """Seconds after which the gateway gives up on a slow call and answers 504."""
    bod_url: str = ""
    """Where published Sync BODs are POSTed; empty publishes nothing."""
    bod_logical_id: str = "lid://infor.m3.m3"
    bod_style: str = "xml"
    """``xml``: the BOD as the body; ``ims``: an IMS v3 multipart message."""

    def update(self, changes: dict[str, Any]) -> list[str]:
        """Apply the changes when every key is known and typed right; else apply none and
        return the problems."""
        found = problems(self, changes)
        if found:
            return found
        for name, value in changes.items():
            setattr(self, name, tuple(value) if isinstance(getattr(self, name), tuple) else value)
        return []

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["address_types"] = list(self.address_types)
        return data
