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


class RunCounts(models.Model):
    """Finished runs of one workflow with one status: how many, how long, and a histogram.

    ``bNN`` counts runs whose latency (acceptance to end) fell in bucket NN of
    ``backend.monitoring.rollups.LATENCY_BOUNDS`` (b13: longer than the last bound). Written when
    a run finishes, so the dashboard and metrics sum a few rows instead of scanning runs.
    """

    workflow = models.ForeignKey("designer.Workflow", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16)
    runs = models.PositiveIntegerField(default=0)
    duration_ms_sum = models.BigIntegerField(default=0)
    b00 = models.PositiveIntegerField(default=0)
    b01 = models.PositiveIntegerField(default=0)
    b02 = models.PositiveIntegerField(default=0)
    b03 = models.PositiveIntegerField(default=0)
    b04 = models.PositiveIntegerField(default=0)
    b05 = models.PositiveIntegerField(default=0)
    b06 = models.PositiveIntegerField(default=0)
    b07 = models.PositiveIntegerField(default=0)
    b08 = models.PositiveIntegerField(default=0)
    b09 = models.PositiveIntegerField(default=0)
    b10 = models.PositiveIntegerField(default=0)
    b11 = models.PositiveIntegerField(default=0)
    b12 = models.PositiveIntegerField(default=0)
    b13 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class MinuteRollup(RunCounts):
    """Per minute the runs finished in; kept two days, for the 1 h and 24 h views and alerts."""

    start = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "start", "status"], name="minute_rollup_key"
            )
        ]
        indexes = [models.Index(fields=["start"], name="minute_rollup_start")]


class HourRollup(RunCounts):
    """Per hour the runs finished in; kept five weeks, for the 7 d view."""

    start = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workflow", "start", "status"], name="hour_rollup_key")
        ]
        indexes = [models.Index(fields=["start"], name="hour_rollup_start")]


class RunTotal(RunCounts):
    """Since the beginning: the counters ``/metrics`` reports."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workflow", "status"], name="run_total_key")]


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


class GaugeSample(models.Model):
    """Backlog, retry waits and open dead letters at one minute, per workflow and overall.

    These are states at a moment, so finished runs cannot rebuild their history; housekeeping
    samples them once a minute. ``workflow`` is null on the overall row.
    """

    at = models.DateTimeField()
    workflow = models.ForeignKey(
        "designer.Workflow", on_delete=models.CASCADE, null=True, related_name="+"
    )
    backlog = models.PositiveIntegerField(default=0)
    retry_waits = models.PositiveIntegerField(default=0)
    dead_letters = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["at", "workflow"], name="gauge_sample_key"),
            # Nulls are distinct in a unique constraint, so the overall row needs its own.
            models.UniqueConstraint(
                fields=["at"], condition=models.Q(workflow=None), name="gauge_sample_overall_key"
            ),
        ]
        indexes = [models.Index(fields=["at"], name="gauge_sample_at")]
