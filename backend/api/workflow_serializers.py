"""JSON shapes of workflows and their versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.designer.models import Workflow, WorkflowVersion


class LastRunSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField()
    createdAt = serializers.DateTimeField()


class WorkflowSerializer(serializers.ModelSerializer):
    activeVersion = serializers.SerializerMethodField()
    latestVersion = serializers.SerializerMethodField()
    hookUrl = serializers.SerializerMethodField()
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    updatedAt = serializers.DateTimeField(source="updated_at", read_only=True)
    lastRun = serializers.SerializerMethodField()

    class Meta:
        model = Workflow
        fields = [
            "id",
            "name",
            "description",
            "activeVersion",
            "latestVersion",
            "paused",
            "hookUrl",
            "createdAt",
            "updatedAt",
            "lastRun",
        ]
        read_only_fields = ["id"]

    def get_activeVersion(self, workflow: Workflow) -> int | None:
        active = workflow.active_version
        return active.number if active is not None else None

    def get_latestVersion(self, workflow: Workflow) -> int | None:
        # Querysets of the API annotate it; a workflow fresh from a service asks the database.
        if hasattr(workflow, "latest_number"):
            return workflow.latest_number
        latest = workflow.latest_version
        return latest.number if latest is not None else None

    def get_hookUrl(self, workflow: Workflow) -> str:
        path = f"/hooks/{workflow.hook_token}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(LastRunSerializer(allow_null=True))
    def get_lastRun(self, workflow: Workflow) -> dict[str, Any] | None:
        newest = newest_run(workflow)
        if newest is None:
            return None
        run_id, status, created = newest
        when = serializers.DateTimeField().to_representation(created)
        return {"id": str(run_id), "status": status, "createdAt": when}


def newest_run(workflow: Workflow) -> tuple[Any, str, datetime] | None:
    """Id, status and creation time of the workflow's newest run, or None."""
    # Querysets of the API annotate these; a workflow fresh from a service asks the database.
    if hasattr(workflow, "last_run_id"):
        run_id = getattr(workflow, "last_run_id", None)
        status = getattr(workflow, "last_run_status", "")
        created = getattr(workflow, "last_run_created", None)
    else:
        run = workflow.runs.order_by("-created_at").first()
        if run is None:
            return None
        run_id, status, created = run.id, run.status, run.created_at
    if run_id is None or created is None:
        return None
    return run_id, status, created


class WorkflowCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.JSONField(required=False, help_text="Saved as version 1 if given.")

    def validate_document(self, value: Any) -> Any:
        return require_object(value)


class WorkflowUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workflow
        fields = ["name", "description", "paused"]


def require_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise serializers.ValidationError("A workflow document is a JSON object.", code="type")
    return value


class VersionSerializer(serializers.ModelSerializer):
    document = serializers.JSONField()
    contentHash = serializers.CharField(source="content_hash", read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)
    createdBy = serializers.SerializerMethodField()

    class Meta:
        model = WorkflowVersion
        fields = ["id", "number", "document", "contentHash", "message", "createdAt", "createdBy"]

    def get_createdBy(self, version: WorkflowVersion) -> str | None:
        user = version.created_by
        return user.get_username() if user is not None else None


class VersionCreateSerializer(serializers.Serializer):
    document = serializers.JSONField()
    message = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    baseVersion = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="The version this document was edited from; a newer latest version is a 409.",
    )

    def validate_document(self, value: Any) -> Any:
        return require_object(value)


class DeploySerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ManualRunSerializer(serializers.Serializer):
    payload = serializers.JSONField(required=False, allow_null=True, default=None)


class RunStartedSerializer(serializers.Serializer):
    runId = serializers.UUIDField()


class TestRunSerializer(serializers.Serializer):
    payload = serializers.JSONField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, min_value=1)
    document = serializers.JSONField(required=False, help_text="An unsaved draft to run instead.")
    stopAfter = serializers.CharField(required=False, allow_blank=True, max_length=100)
    pinned = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Outputs to use instead of executing these nodes, by node id.",
    )

    def validate_document(self, value: Any) -> Any:
        return require_object(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" in attrs and "document" in attrs:
            raise serializers.ValidationError(
                {"document": "Send either a version number or a document, not both."}
            )
        return attrs
