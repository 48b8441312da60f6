"""Runs of workflow versions and the checkpointed steps inside them."""

from __future__ import annotations

import uuid

from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    RETRY_WAIT = "retry_wait"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"
    """Collapsed into a newer run with the same business key (``settings.coalesce``)."""


FINISHED = {
    RunStatus.SUCCEEDED,
    RunStatus.FAILED,
    RunStatus.CANCELLED,
    RunStatus.SUPERSEDED,
}


class RunMode(models.TextChoices):
    WEBHOOK = "webhook"
    MANUAL = "manual"
    SCHEDULE = "schedule"
    POLL = "poll"
    TEST = "test"
    REPLAY = "replay"
    SUBWORKFLOW = "subworkflow"


class Run(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workflow = models.ForeignKey("designer.Workflow", on_delete=models.CASCADE, related_name="runs")
    version = models.ForeignKey(
        "designer.WorkflowVersion", on_delete=models.PROTECT, related_name="runs"
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    mode = models.CharField(max_length=16, choices=RunMode.choices, default=RunMode.MANUAL)
    trigger_node_id = models.CharField(max_length=100, blank=True)
    input = models.JSONField(null=True, blank=True)
    """The trigger payload the run starts from."""
    business_key = models.CharField(max_length=200, blank=True, db_index=True)
    """What the run is about in the user's words: an order reference, a SKU, a customer email."""
    error = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    """When a ``retry_wait`` run becomes runnable again."""
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    parent_run = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="child_runs"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="run_status_due"),
            models.Index(fields=["workflow", "-created_at"], name="run_workflow_created"),
            # Per-key ordering asks "is an earlier run with this key unfinished?" at every claim.
            models.Index(fields=["workflow", "business_key", "created_at"], name="run_key_order"),
        ]

    def __str__(self) -> str:
        return f"run {self.id} ({self.status})"


class Step(models.Model):
    """One attempt of one node in a run, checkpointed when it starts and when it ends."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="steps")
    node_id = models.CharField(max_length=100)
    attempt = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=16)
    inputs = models.JSONField(default=dict)
    outputs = models.JSONField(null=True, blank=True)
    error = models.JSONField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "id"]
        indexes = [models.Index(fields=["run", "node_id"], name="step_run_node")]


class NodeState(models.Model):
    """A node's small persistent state (polling cursors, seen ids), kept per workflow."""

    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.CASCADE, related_name="node_states"
    )
    node_id = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    value = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workflow", "node_id", "key"], name="node_state_key")
        ]


class ScheduleState(models.Model):
    """When a schedule trigger of a workflow last fired, so a restart neither misses nor repeats."""

    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.CASCADE, related_name="schedule_states"
    )
    node_id = models.CharField(max_length=100)
    last_fired_at = models.DateTimeField()
    """The due time of the last fire (not when the fire happened), in UTC."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workflow", "node_id"], name="schedule_state_node")
        ]
