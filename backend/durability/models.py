"""Parked runs with their audit trail, effects done once, and limits per connection."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ErrorClass(models.TextChoices):
    """How operations staff triage a parked run."""

    CONNECTION = "connection"
    AUTH = "auth"
    VALIDATION = "validation"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    TIMEOUT = "timeout"
    BUG = "bug"


class DeadLetterStatus(models.TextChoices):
    OPEN = "open"
    """Waiting for a person."""
    RETRIED = "retried"
    """A person sent it back to the queue; a new dead letter appears if it fails again."""
    DISCARDED = "discarded"
    """A person decided it must not run again, with a reason."""


class DeadLetter(models.Model):
    """A run that exhausted its retries or hit a permanent error, parked with its reason."""

    run = models.ForeignKey("runs.Run", on_delete=models.CASCADE, related_name="dead_letters")
    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.CASCADE, related_name="dead_letters"
    )
    status = models.CharField(
        max_length=16, choices=DeadLetterStatus.choices, default=DeadLetterStatus.OPEN
    )
    error_class = models.CharField(max_length=16, choices=ErrorClass.choices)
    code = models.CharField(max_length=100)
    reason = models.TextField()
    """One sentence a person understands: the node's error message."""
    node_id = models.CharField(max_length=100, blank=True)
    """The failing step's node; empty when the run failed before any node (invalid workflow)."""
    step = models.ForeignKey("runs.Step", null=True, blank=True, on_delete=models.SET_NULL)
    input = models.JSONField(null=True, blank=True)
    """What the failing step received: items per input port."""
    error = models.JSONField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "error_class"], name="dead_letter_triage")]

    def __str__(self) -> str:
        return f"dead letter {self.pk} of run {self.run_id} ({self.status})"


class AuditAction(models.TextChoices):
    PARKED = "parked"
    RETRIED = "retried"
    EDITED = "edited"
    DISCARDED = "discarded"
    REPLAYED = "replayed"


class AuditEntry(models.Model):
    """Who did what to a run, when and why. Written by Ferry too (``actor`` empty)."""

    run = models.ForeignKey("runs.Run", on_delete=models.CASCADE, related_name="audit")
    dead_letter = models.ForeignKey(
        DeadLetter, null=True, blank=True, on_delete=models.CASCADE, related_name="audit"
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    """The user name at the time (kept when the user is deleted); "ferry" for the engine."""
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]


class Replay(models.Model):
    """How a run came from another one: which step, which version, and who asked."""

    run = models.OneToOneField("runs.Run", on_delete=models.CASCADE, related_name="replay")
    source = models.ForeignKey("runs.Run", on_delete=models.CASCADE, related_name="replays")
    from_node = models.CharField(max_length=100, blank=True)
    """Empty: from the trigger."""
    version_choice = models.CharField(max_length=16)
    """``original`` (the version the source ran) or ``active`` (the deployed one)."""
    dry_run = models.BooleanField(default=False)
    force_new_effects = models.BooleanField(default=False)
    """Effects the source already performed are performed again (new ledger keys)."""
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class EffectStatus(models.TextChoices):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class Effect(models.Model):
    """One side effect by idempotency key: pending before the call, done after it."""

    key = models.CharField(max_length=255, unique=True)
    operation = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    request = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=EffectStatus.choices)
    outcome = models.JSONField(null=True, blank=True)
    """What the target answered (its id for the effect), when done."""
    error = models.JSONField(null=True, blank=True)
    run = models.ForeignKey(
        "runs.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="effects"
    )
    node_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class ConnectionLimit(models.Model):
    """How hard Ferry may call one connection, across every worker."""

    connection = models.OneToOneField(
        "connections.Connection", on_delete=models.CASCADE, related_name="limit"
    )
    max_in_flight = models.PositiveIntegerField(null=True, blank=True)
    """Calls at the same time; empty for no limit."""
    calls_per_second = models.FloatField(null=True, blank=True)
    """Sustained call rate (a token bucket with one second of burst); empty for no limit."""
    tokens = models.FloatField(default=0)
    refilled_at = models.FloatField(default=0)
    """Epoch seconds of the bucket's last refill (database mode only)."""


class ConnectionSlot(models.Model):
    """A call in flight through a connection (database mode); expired slots are ignored."""

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="+"
    )
    holder = models.CharField(max_length=100)
    expires_at = models.FloatField()
