"""One running sandbox: settings, clock, tenant data, tokens and faults, in one place."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import httpx

from connectors.infor.sandbox.bods import Outbox
from connectors.infor.sandbox.clock import SandboxClock
from connectors.infor.sandbox.faults import Faults
from connectors.infor.sandbox.lifecycle import Timing, catch_up
from connectors.infor.sandbox.quota import MinuteQuota
from connectors.infor.sandbox.seed import seed_tenant
from connectors.infor.sandbox.settings import SandboxSettings
from connectors.infor.sandbox.state import Tenant
from connectors.infor.sandbox.tokens import TokenStore


@dataclass
class World:
    settings: SandboxSettings = field(default_factory=SandboxSettings)
    clock: SandboxClock = field(default_factory=SandboxClock)
    timing: Timing = field(default_factory=Timing)
    faults: Faults = field(default_factory=Faults)
    tenant: Tenant = field(init=False)
    tokens: TokenStore = field(init=False)
    quota: MinuteQuota = field(default_factory=MinuteQuota)
    outbox: Outbox = field(default_factory=Outbox)
    calls: int = 0
    """Gateway calls answered so far (tests use it to see that nothing was sent)."""

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Back to the seeded tenant at the clock's start, with no tokens, faults or BODs."""
        self.clock = self.clock.restarted()
        self.tenant = seed_tenant(self.settings.tenant_id, self.clock)
        self.tokens = TokenStore(self.clock, self.settings.tenant_id)
        self.faults = Faults()
        self.quota = MinuteQuota()
        self.outbox = Outbox()
        self.calls = 0

    def catch_up(self) -> None:
        with self.tenant.lock:
            catch_up(self.tenant, self.timing)
        self.outbox.collect(self.tenant, self.settings.bod_logical_id)
        if self.settings.bod_url and self.outbox.pending and not self.outbox.lock.locked():
            threading.Thread(target=self.publish, daemon=True).start()

    def publish(self, http: httpx.Client | None = None) -> dict[str, Any]:
        """Send the pending BODs to ``settings.bod_url`` now."""
        self.outbox.collect(self.tenant, self.settings.bod_logical_id)
        if http is None:
            with httpx.Client(timeout=10.0) as own:
                return self.publish(own)
        settings = self.settings
        return self.outbox.publish(settings.bod_url, http, settings.tenant_id, settings.bod_style)

    def ionapi(self, base_url: str) -> dict[str, str]:
        """The credentials file the portal's "Download Credentials" would give for this tenant."""
        base = base_url.rstrip("/")
        ti = self.settings.tenant_id
        return {
            "ti": ti,
            "cn": "Ferry sandbox",
            "dt": "12",
            "ci": self.settings.client_id,
            "cs": self.settings.client_secret,
            "iu": base,
            "pu": f"{base}/{ti}/as/",
            "oa": "authorization.oauth2",
            "ot": "token.oauth2",
            "or": "revoke_token.oauth2",
            "ev": "U000000000",
            "v": "1.0",
            "saak": self.settings.service_account_access_key,
            "sask": self.settings.service_account_secret_key,
        }
