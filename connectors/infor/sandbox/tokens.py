"""The authorization server's memory: issued tokens, their lifetimes, revocations and quota."""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass

from connectors.infor.sandbox.clock import SandboxClock
from connectors.infor.sandbox.quota import MinuteQuota


@dataclass
class Grant:
    refresh_token: str
    identity: str
    revoked: bool = False


@dataclass
class Issued:
    grant: Grant
    expires_at: float


class TokenStore:
    def __init__(self, clock: SandboxClock, tenant_id: str) -> None:
        self.clock = clock
        self.tenant_id = tenant_id
        self.access: dict[str, Issued] = {}
        self.grants: dict[str, Grant] = {}
        self.quota = MinuteQuota()
        self.issued_count = 0

    def issue(self, identity: str, lifetime: int, grant: Grant | None = None) -> tuple[str, Grant]:
        grant = grant or Grant(secrets.token_urlsafe(24), identity)
        self.grants[grant.refresh_token] = grant
        token = self._jwt(identity)
        self.access[token] = Issued(grant, self.clock.now() + lifetime)
        self.issued_count += 1
        return token, grant

    def valid(self, token: str) -> bool:
        issued = self.access.get(token)
        return bool(issued and not issued.grant.revoked and issued.expires_at > self.clock.now())

    def revoke(self, token: str) -> None:
        """Revoking a refresh token ends its grant and every access token from it."""
        if token in self.grants:
            self.grants[token].revoked = True
        elif token in self.access:
            del self.access[token]

    def expire_all(self) -> None:
        for issued in self.access.values():
            issued.expires_at = 0.0

    def _jwt(self, identity: str) -> str:
        # Shaped like the gateway's JWTs (Tenant and Identity2 claims); nobody checks the
        # signature but the sandbox itself, which looks tokens up instead.
        header = {"alg": "RS256", "kid": "sandbox"}
        claims = {"Tenant": self.tenant_id, "Identity2": identity, "jti": secrets.token_hex(8)}
        parts = [header, claims]
        encoded = [base64.urlsafe_b64encode(json.dumps(p).encode()).rstrip(b"=") for p in parts]
        return ".".join(e.decode() for e in encoded) + "." + secrets.token_urlsafe(32)
