"""Inbound events, stored before Ferry acknowledges them."""

from __future__ import annotations

from django.db import models


class InboundEvent(models.Model):
    source = models.CharField(max_length=200)
    """Where it came from: ``hook:<token>`` for webhooks, a poller's id for polled events."""
    idempotency_key = models.CharField(max_length=200)
    payload = models.JSONField()
    headers = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)
    run = models.OneToOneField(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="event"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "idempotency_key"], name="inbound_event_idempotent"
            )
        ]
