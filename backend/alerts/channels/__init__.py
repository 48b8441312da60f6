"""Delivering an alert message through a channel; each kind lives in its own module."""

from __future__ import annotations

import httpx

from backend.alerts.channels import chat, email, webhook
from backend.alerts.channels.errors import DeliveryError
from backend.alerts.messages import AlertMessage
from backend.alerts.models import AlertChannel, ChannelKind

__all__ = ["DeliveryError", "deliver"]


def deliver(channel: AlertChannel, message: AlertMessage, http: httpx.Client | None = None) -> None:
    """Send ``message`` through ``channel``; raise DeliveryError saying why it was not accepted."""
    settings = channel.settings()
    if channel.kind == ChannelKind.EMAIL:
        email.send(settings, message)
        return
    with httpx.Client(timeout=10) if http is None else _borrowed(http) as client:
        if channel.kind == ChannelKind.WEBHOOK:
            webhook.send(settings, message, client)
        elif channel.kind == ChannelKind.SLACK:
            chat.send_slack(settings, message, client)
        elif channel.kind == ChannelKind.TEAMS:
            chat.send_teams(settings, message, client)
        else:
            raise DeliveryError(f"Unknown channel kind {channel.kind!r}.")


class _borrowed:
    """A caller's client used as a context manager without closing it."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def __enter__(self) -> httpx.Client:
        return self.client

    def __exit__(self, *exc: object) -> None:
        return None
