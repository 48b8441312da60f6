"""Worker heartbeats and the rollups that make statistics and metrics cheap to read."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """When a worker (embedded dispatcher or Celery worker) last showed it was alive."""

    name = models.CharField(max_length=200, primary_key=True)
    kind = models.CharField(max_length=20)
    """``embedded`` or ``celery``."""
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


class RunRollup(models.Model):
    """Finished runs of one workflow in one minute, by status and latency bucket.

    Written when a run finishes, so the dashboard sums a few thousand rows instead of scanning
    millions of runs. ``bucket`` indexes ``backend.monitoring.rollups.LATENCY_BOUNDS``.
    """

    workflow = models.ForeignKey("designer.Workflow", on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    """When the runs finished, truncated to the minute (UTC)."""
    status = models.CharField(max_length=16)
    bucket = models.PositiveSmallIntegerField()
    runs = models.PositiveIntegerField(default=0)
    duration_ms_sum = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "minute", "status", "bucket"], name="run_rollup_key"
            )
        ]
        indexes = [models.Index(fields=["minute"], name="run_rollup_minute")]


class NodeRollup(models.Model):
    """Running totals of the steps of one node of one workflow, by status.

    Carries the node's type and connection, so metrics can be read per node type and per
    connection without reading workflow documents at scrape time.
    """

    workflow = models.ForeignKey("designer.Workflow", on_delete=models.CASCADE, related_name="+")
    node_id = models.CharField(max_length=100)
    node_type = models.CharField(max_length=200)
    connection_id = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=16)
    steps = models.PositiveIntegerField(default=0)
    retries = models.PositiveIntegerField(default=0)
    """Steps that were a second or later attempt."""
    duration_ms_sum = models.BigIntegerField(default=0)
    last_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "node_id", "node_type", "connection_id", "status"],
                name="node_rollup_key",
            )
        ]
