"""What each channel kind needs, which settings are secret, and checking a channel's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from backend.alerts.models import ChannelKind


@dataclass(frozen=True)
class KindSpec:
    required: tuple[str, ...]
    optional: tuple[str, ...]
    secret: tuple[str, ...]


SPECS = {
    ChannelKind.EMAIL: KindSpec(
        required=("host", "from", "to"), optional=("port", "username", "security", "password"),
        secret=("password",),
    ),
    ChannelKind.WEBHOOK: KindSpec(required=("url", "secret"), optional=(), secret=("secret",)),
    # Incoming-webhook URLs are credentials: anyone holding one can post to the channel.
    ChannelKind.SLACK: KindSpec(required=("url",), optional=(), secret=("url",)),
    ChannelKind.TEAMS: KindSpec(required=("url",), optional=(), secret=("url",)),
}  # fmt: skip

SECURITY_CHOICES = ("starttls", "ssl", "none")


def split(kind: str, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(non-secret settings, secret settings) of a channel of ``kind``."""
    secret = SPECS[ChannelKind(kind)].secret
    plain = {k: v for k, v in values.items() if k not in secret}
    return plain, {k: v for k, v in values.items() if k in secret}


def problems(kind: str, values: dict[str, Any]) -> dict[str, str]:
    """Field name to what is wrong with it; empty when the settings are usable."""
    spec = SPECS[ChannelKind(kind)]
    found: dict[str, str] = {}
    for name in values:
        if name not in spec.required + spec.optional:
            found[name] = f"A {kind} channel has no setting {name!r}."
    for name in spec.required:
        if values.get(name) in (None, "", []):
            found[name] = "This setting is required."
    for name, check in CHECKS.items():
        if name in values and values[name] not in (None, "") and name not in found:
            message = check(values[name])
            if message:
                found[name] = message
    return found


def _url(value: Any) -> str | None:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return "Enter an http or https URL."
    return None


def _address(value: Any) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return f"{value!r} is not an email address."
    return None


def _recipients(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "Give a list of one or more email addresses."
    for address in value:
        message = _address(address)
        if message:
            return message
    return None


def _port(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        return "Give a port number between 1 and 65535."
    return None


def _security(value: Any) -> str | None:
    return None if value in SECURITY_CHOICES else f"Choose one of {', '.join(SECURITY_CHOICES)}."


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "Give text."


CHECKS = {
    "url": _url,
    "from": _address,
    "to": _recipients,
    "port": _port,
    "security": _security,
    "host": _text,
    "username": _text,
    "password": _text,
    "secret": _text,
}
