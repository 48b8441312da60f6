"""Connections: credentials for a system, with secrets encrypted at rest."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from backend.connections import vault


class Connection(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    credential_type = models.CharField(max_length=100)
    fields = models.JSONField(default=dict)
    """Non-secret fields, returned by the API as they are."""
    secret_blob = models.TextField(blank=True)
    """Encrypted JSON of the secret fields; the API only says which are set."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paused = models.BooleanField(default=False)
    """Set by an operator; the runtime holds calls through a paused connection (see operations)."""
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(null=True, blank=True)
    """Whether the last health check passed; None until the connection is first checked."""
    last_error = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def secrets(self) -> dict[str, Any]:
        return vault.decrypt(self.secret_blob) if self.secret_blob else {}

    def set_secrets(self, values: dict[str, Any]) -> None:
        self.secret_blob = vault.encrypt(values) if values else ""

    def decrypted_fields(self) -> dict[str, Any]:
        """All fields with secrets in clear, for one node execution only."""
        return {**self.fields, **self.secrets}
