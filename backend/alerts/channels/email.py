"""Alerts by email over SMTP (STARTTLS, implicit TLS, or plain for a local relay)."""

from __future__ import annotations

import smtplib
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend

from backend.alerts.channels.errors import DeliveryError
from backend.alerts.messages import AlertMessage

TIMEOUT_SECONDS = 15


def send(settings: dict[str, Any], message: AlertMessage) -> None:
    security = settings.get("security", "starttls")
    backend = EmailBackend(
        host=settings["host"],
        port=int(settings.get("port") or 587),
        username=settings.get("username") or "",
        password=settings.get("password") or "",
        use_tls=security == "starttls",
        use_ssl=security == "ssl",
        timeout=TIMEOUT_SECONDS,
        fail_silently=False,
    )
    mail = EmailMessage(
        subject=message.title,
        body=message.text,
        from_email=settings["from"],
        to=list(settings["to"]),
        connection=backend,
        headers={"X-Ferry-Alert": message.state},
    )
    try:
        mail.send()
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"The mail server refused the alert: {exc}") from exc
