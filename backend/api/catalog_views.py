"""What can be built: node types, credential types and the workflow document's JSON Schema."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.graph import WORKFLOW_SCHEMA
from workflows.registry import default_registry


class PortSerializer(serializers.Serializer):
    name = serializers.CharField()
    displayName = serializers.CharField()
    dataType = serializers.CharField()
    isError = serializers.BooleanField()


class RetryPolicySerializer(serializers.Serializer):
    maximumAttempts = serializers.IntegerField()
    initialInterval = serializers.FloatField()
    backoffCoefficient = serializers.FloatField()
    maximumInterval = serializers.FloatField()
    jitter = serializers.FloatField()
    nonRetryableCodes = serializers.ListField(child=serializers.CharField())


class NodeTypeSerializer(serializers.Serializer):
    """``NodeSpec.to_json()``; documents the shape, the view serves the spec as it is."""

    typeId = serializers.CharField()
    version = serializers.IntegerField()
    displayName = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField()
    icon = serializers.CharField()
    kind = serializers.CharField(help_text="trigger, action or logic")
    configSchema = serializers.JSONField(help_text="JSON Schema of the node's config.")
    ui = serializers.JSONField(help_text="UI hints per config field.")
    inputs = PortSerializer(many=True)
    outputs = PortSerializer(many=True)
    credentialType = serializers.CharField(allow_null=True)
    retry = RetryPolicySerializer()
    timeoutSeconds = serializers.FloatField()
    sideEffects = serializers.CharField(help_text="none, idempotent or unsafe")
    expressionFields = serializers.ListField(child=serializers.CharField())
    trigger = serializers.CharField(
        allow_null=True, help_text="webhook, schedule or poll: how the backend starts it"
    )
    triggerModeField = serializers.CharField(
        allow_null=True, help_text="Config field choosing the trigger mode, if any"
    )


class CredentialTypeSerializer(serializers.Serializer):
    """``CredentialType.to_json()``."""

    typeId = serializers.CharField()
    displayName = serializers.CharField()
    fieldsSchema = serializers.JSONField(help_text="JSON Schema of the connection's fields.")
    secretFields = serializers.ListField(child=serializers.CharField())
    docsUrl = serializers.CharField(allow_blank=True)
    webhookSecretField = serializers.CharField(
        allow_null=True, help_text="The field that signs incoming webhooks, if any"
    )


class NodeTypesView(APIView):
    @extend_schema(
        summary="Every installed node type (all versions), by category then name",
        responses={200: NodeTypeSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response([node.spec.to_json() for node in default_registry().nodes()])


class CredentialTypesView(APIView):
    @extend_schema(
        summary="Every installed credential type with its fields' JSON Schema",
        responses={200: CredentialTypeSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response([kind.to_json() for kind in default_registry().credential_types()])


class WorkflowSchemaView(APIView):
    @extend_schema(
        summary="JSON Schema of a workflow document", responses={200: OpenApiTypes.OBJECT}
    )
    def get(self, request: Request) -> Response:
        return Response(WORKFLOW_SCHEMA)
