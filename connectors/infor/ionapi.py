"""The `.ionapi` credentials file: parsed, checked, and the URLs derived from it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

Grant = Literal["password", "client_credentials"]

ALWAYS_REQUIRED = ("ti", "ci", "cs", "iu", "pu", "ot")
SERVICE_ACCOUNT_KEYS = ("saak", "sask")


class IonApiFileError(ValueError):
    """The file is not a usable `.ionapi` file; ``missing`` names the absent keys."""

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


@dataclass(frozen=True)
class IonApiFile:
    """The keys Ferry uses from a `.ionapi` file (the others are informational)."""

    tenant: str
    client_id: str
    client_secret: str
    gateway_url: str
    auth_url: str
    token_path: str
    revoke_path: str
    client_name: str = ""
    service_account_access_key: str = ""
    service_account_secret_key: str = ""

    @property
    def has_service_account(self) -> bool:
        return bool(self.service_account_access_key and self.service_account_secret_key)

    @property
    def grant(self) -> Grant:
        """Password grant when the file carries service-account keys, else client credentials."""
        return "password" if self.has_service_account else "client_credentials"

    @property
    def token_url(self) -> str:
        return _join(self.auth_url, self.token_path)

    @property
    def revoke_url(self) -> str:
        return _join(self.auth_url, self.revoke_path)

    @property
    def api_base(self) -> str:
        return f"{self.gateway_url.rstrip('/')}/{self.tenant}"

    def fingerprint(self) -> str:
        """Stable id of this identity: a changed file gets a new token cache entry."""
        parts = [self.tenant, self.client_id, self.client_secret, self.auth_url]
        parts += [self.service_account_access_key, self.service_account_secret_key]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def parse_ionapi(text: str | bytes) -> IonApiFile:
    """Read a `.ionapi` file's content; raises ``IonApiFileError`` naming what is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise IonApiFileError(f"The .ionapi file is not valid JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise IonApiFileError("The .ionapi file must hold one JSON object.")
    return from_mapping(data)


def from_mapping(data: dict[str, Any]) -> IonApiFile:
    """Build the file from its decoded JSON object, checking every key Ferry needs."""
    missing = [key for key in ALWAYS_REQUIRED if not _text(data, key)]
    present_sa = [key for key in SERVICE_ACCOUNT_KEYS if _text(data, key)]
    if len(present_sa) == 1:
        missing += [key for key in SERVICE_ACCOUNT_KEYS if key not in present_sa]
    if missing:
        raise IonApiFileError(
            "The .ionapi file lacks the keys " + ", ".join(missing) + ".", tuple(missing)
        )
    for key in ("iu", "pu"):
        if not _text(data, key).startswith(("http://", "https://")):
            raise IonApiFileError(f"The .ionapi key {key} must be an http(s) URL.", ())
    return IonApiFile(
        tenant=_text(data, "ti"),
        client_id=_text(data, "ci"),
        client_secret=_text(data, "cs"),
        gateway_url=_text(data, "iu"),
        auth_url=_text(data, "pu"),
        token_path=_text(data, "ot"),
        revoke_path=_text(data, "or") or "revoke_token.oauth2",
        client_name=_text(data, "cn"),
        service_account_access_key=_text(data, "saak"),
        service_account_secret_key=_text(data, "sask"),
    )


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _join(base: str, path: str) -> str:
    # `pu` ends with "/" in files from the portal; older on-prem files sometimes do not.
    return base.rstrip("/") + "/" + path.lstrip("/")
