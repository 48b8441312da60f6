"""Workflows, their immutable versions, and which version is deployed."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models


def content_hash(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a workflow document (sorted keys, no spaces)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def new_hook_token() -> str:
    return secrets.token_urlsafe(18)


class Workflow(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    hook_token = models.CharField(max_length=64, unique=True, default=new_hook_token)
    """The ``<token>`` of ``POST /hooks/<token>`` for this workflow's webhook trigger."""
    active_version = models.ForeignKey(
        "designer.WorkflowVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    """The deployed version: the one webhooks, schedules and polls run."""
    paused = models.BooleanField(default=False)
    """A paused workflow keeps accepting events; their runs wait until it is resumed."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def latest_version(self) -> WorkflowVersion | None:
        return self.versions.order_by("-number").first()


class ImmutableVersionError(Exception):
    """Raised on an attempt to change a saved version: save a new one instead."""


class WorkflowVersion(models.Model):
    """A saved workflow document. Never changed after it is written."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    content_hash = models.CharField(max_length=64, db_index=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["workflow", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.workflow.name} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableVersionError("A saved workflow version cannot change; save a new one.")
        self.content_hash = content_hash(self.document)
        super().save(*args, **kwargs)


class Deployment(models.Model):
    """History of deploys; the newest row of a workflow matches ``Workflow.active_version``."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="deployments")
    version = models.ForeignKey(WorkflowVersion, on_delete=models.PROTECT, related_name="+")
    deployed_at = models.DateTimeField(auto_now_add=True)
    deployed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-deployed_at"]
