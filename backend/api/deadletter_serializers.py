"""JSON shapes of dead letters, their audit trail, and the requests that act on them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.durability.models import AuditEntry, DeadLetter


class AuditEntrySerializer(serializers.ModelSerializer):
    runId = serializers.UUIDField(source="run_id")
    deadLetterId = serializers.IntegerField(source="dead_letter_id", allow_null=True)
    action = serializers.CharField(help_text="parked, retried, edited, discarded or replayed")
    actor = serializers.CharField(source="actor_name")
    details = serializers.JSONField()

    class Meta:
        model = AuditEntry
        fields = ["id", "runId", "deadLetterId", "action", "actor", "reason", "details", "at"]


class DeadLetterSerializer(serializers.ModelSerializer):
    runId = serializers.UUIDField(source="run_id")
    workflowId = serializers.UUIDField(source="workflow_id")
    workflowName = serializers.CharField(source="workflow.name")
    businessKey = serializers.CharField(source="run.business_key")
    status = serializers.CharField(help_text="open, retried or discarded")
    errorClass = serializers.CharField(source="error_class")
    nodeId = serializers.CharField(source="node_id")
    createdAt = serializers.DateTimeField(source="created_at")
    closedAt = serializers.DateTimeField(source="closed_at")

    class Meta:
        model = DeadLetter
        fields = [
            "id",
            "runId",
            "workflowId",
            "workflowName",
            "businessKey",
            "status",
            "errorClass",
            "code",
            "reason",
            "nodeId",
            "attempts",
            "createdAt",
            "closedAt",
        ]


class DeadLetterDetailSerializer(DeadLetterSerializer):
    input = serializers.JSONField()
    error = serializers.JSONField()
    audit = serializers.SerializerMethodField()

    class Meta(DeadLetterSerializer.Meta):
        fields = [*DeadLetterSerializer.Meta.fields, "input", "error", "audit"]

    @extend_schema_field(AuditEntrySerializer(many=True))
    def get_audit(self, letter: DeadLetter) -> list[dict[str, Any]]:
        entries = AuditEntry.objects.filter(run_id=letter.run_id).order_by("at", "id")
        return list(AuditEntrySerializer(entries, many=True).data)


class RetrySerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    input = serializers.JSONField(
        required=False,
        help_text="Edited input of the failing step: a list of items for its main port, or "
        "{port: [items]}. Left out: the input it had.",
    )


class DiscardSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why this run must not run again.")


class BulkRetrySerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    workflow = serializers.UUIDField(required=False)
    errorClass = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    nodeId = serializers.CharField(required=False)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    search = serializers.CharField(required=False)


class BulkResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    runIds = serializers.ListField(child=serializers.UUIDField())


class ReplaySerializer(serializers.Serializer):
    fromNode = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Empty: from the trigger."
    )
    version = serializers.ChoiceField(choices=["original", "active"], default="original")
    dryRun = serializers.BooleanField(default=False)
    forceNewEffects = serializers.BooleanField(
        default=False, help_text="Perform effects the source run already performed again."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReplayResultSerializer(serializers.Serializer):
    runId = serializers.UUIDField()
    versionNumber = serializers.IntegerField()
    dryRun = serializers.BooleanField()
    status = serializers.CharField(allow_null=True)
    output = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True)
    steps = serializers.JSONField(allow_null=True)
