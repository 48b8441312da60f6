"""JSON shapes of runs and their steps; node names come from the document the run executed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.runs.models import Run, Step


def duration_ms(started: datetime | None, finished: datetime | None) -> int | None:
    if started is None or finished is None:
        return None
    return round((finished - started).total_seconds() * 1000)


def nodes_by_id(document: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    nodes = (document or {}).get("nodes") or []
    return {n["id"]: n for n in nodes if isinstance(n, dict) and isinstance(n.get("id"), str)}


class StepSerializer(serializers.ModelSerializer):
    """Context ``nodes``: the run's document nodes by id, for names and types."""

    nodeId = serializers.CharField(source="node_id")
    nodeName = serializers.SerializerMethodField()
    nodeType = serializers.SerializerMethodField()
    inputs = serializers.JSONField()
    outputs = serializers.JSONField()
    error = serializers.JSONField()
    startedAt = serializers.DateTimeField(source="started_at")
    finishedAt = serializers.DateTimeField(source="finished_at")
    durationMs = serializers.SerializerMethodField()

    class Meta:
        model = Step
        fields = [
            "id",
            "nodeId",
            "nodeName",
            "nodeType",
            "attempt",
            "status",
            "inputs",
            "outputs",
            "error",
            "startedAt",
            "finishedAt",
            "durationMs",
        ]

    def _node(self, step: Step) -> dict[str, Any]:
        nodes: dict[str, dict[str, Any]] = self.context.get("nodes") or {}
        return nodes.get(step.node_id, {})

    def get_nodeName(self, step: Step) -> str:
        return str(self._node(step).get("name") or step.node_id)

    def get_nodeType(self, step: Step) -> str:
        # "" when the node is not in the document (a draft's node, or the document changed).
        return str(self._node(step).get("type") or "")

    def get_durationMs(self, step: Step) -> int | None:
        return duration_ms(step.started_at, step.finished_at)


class RunSerializer(serializers.ModelSerializer):
    workflowId = serializers.UUIDField(source="workflow_id")
    workflowName = serializers.CharField(source="workflow.name")
    versionNumber = serializers.IntegerField(source="version.number")
    businessKey = serializers.CharField(source="business_key")
    error = serializers.JSONField()
    createdAt = serializers.DateTimeField(source="created_at")
    startedAt = serializers.DateTimeField(source="started_at")
    finishedAt = serializers.DateTimeField(source="finished_at")
    durationMs = serializers.SerializerMethodField()
    parentRunId = serializers.UUIDField(
        source="parent_run_id",
        allow_null=True,
        help_text="The run that started this one: a polling run handing over its records, or "
        "the run that called this workflow.",
    )

    class Meta:
        model = Run
        fields = [
            "id",
            "workflowId",
            "workflowName",
            "versionNumber",
            "status",
            "mode",
            "businessKey",
            "parentRunId",
            "createdAt",
            "startedAt",
            "finishedAt",
            "durationMs",
            "error",
        ]

    def get_durationMs(self, run: Run) -> int | None:
        return duration_ms(run.started_at, run.finished_at)


class RunDetailSerializer(RunSerializer):
    input = serializers.JSONField()
    steps = serializers.SerializerMethodField()
    startedRuns = serializers.SerializerMethodField(
        help_text="How many runs this one started (one per record of a poll, or workflow calls)."
    )

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "input", "steps", "startedRuns"]

    def get_startedRuns(self, run: Run) -> int:
        return Run.objects.filter(parent_run_id=run.pk).count()

    @staticmethod
    def steps_of(run: Run, document: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The run's steps, oldest first, named after ``document`` (default: its version's)."""
        nodes = nodes_by_id(document if document is not None else run.version.document)
        steps = run.steps.order_by("id")
        return list(StepSerializer(steps, many=True, context={"nodes": nodes}).data)

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, run: Run) -> list[dict[str, Any]]:
        return self.steps_of(run)


class TestRunResultSerializer(serializers.Serializer):
    runId = serializers.UUIDField()
    status = serializers.CharField(help_text="succeeded, failed or waiting")
    output = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True)
    steps = StepSerializer(many=True)
