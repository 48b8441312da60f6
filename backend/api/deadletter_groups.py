"""Dead letters grouped by cause (workflow, node, error code, field) for the error console, and
the actions that touch a whole group: retry all, discard all with a reason."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.db.models.fields.json import KT
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.deadletter_views import FILTERS, filter_letters
from backend.api.openapi import problems
from backend.api.users import acting_user
from backend.durability import deadletters
from backend.durability.models import DeadLetter, DeadLetterStatus


class GroupSerializer(serializers.Serializer):
    workflowId = serializers.UUIDField()
    workflowName = serializers.CharField()
    nodeId = serializers.CharField()
    code = serializers.CharField()
    field = serializers.CharField(help_text="The field the error names; empty when none.")
    errorClass = serializers.CharField()
    reason = serializers.CharField(help_text="The newest letter's reason.")
    count = serializers.IntegerField()
    firstSeen = serializers.DateTimeField()
    lastSeen = serializers.DateTimeField()
    sampleId = serializers.IntegerField(help_text="The newest dead letter of the group.")


class GroupKeySerializer(serializers.Serializer):
    workflow = serializers.UUIDField()
    nodeId = serializers.CharField(allow_blank=True)
    code = serializers.CharField()
    field = serializers.CharField(allow_blank=True, required=False, default="")


class GroupRetrySerializer(GroupKeySerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class GroupDiscardSerializer(GroupKeySerializer):
    reason = serializers.CharField(help_text="Why these runs must not run again.")


class GroupResultSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    runIds = serializers.ListField(child=serializers.UUIDField())


def _with_field(letters: QuerySet[DeadLetter]) -> QuerySet[DeadLetter]:
    return letters.annotate(field_name=KT("error__field"))


def group_letters(letters: QuerySet[DeadLetter]) -> list[dict[str, Any]]:
    """One row per cause, largest group first; ``field`` is empty when the error names none."""
    grouped = (
        _with_field(letters)
        .values("workflow_id", "workflow__name", "node_id", "code", "field_name")  # type: ignore[misc]
        .annotate(
            count=Count("id"),
            first=Min("created_at"),
            last=Max("created_at"),
            sample=Max("id"),
        )
        .order_by("-count", "-last")
    )
    rows = list(grouped)
    samples = DeadLetter.objects.in_bulk([row["sample"] for row in rows])
    groups = []
    for row in rows:
        sample = samples[row["sample"]]
        groups.append(
            {
                "workflowId": str(row["workflow_id"]),
                "workflowName": row["workflow__name"],
                "nodeId": row["node_id"],
                "code": row["code"],
                "field": _plain_field(row["field_name"]),
                "errorClass": sample.error_class,
                "reason": sample.reason,
                "count": row["count"],
                "firstSeen": row["first"],
                "lastSeen": row["last"],
                "sampleId": sample.pk,
            }
        )
    return groups


def _plain_field(value: str | None) -> str:
    # SQLite reads a JSON null under the key as the text "null"; PostgreSQL as NULL.
    return "" if value in (None, "null") else str(value)


def letters_of_group(key: dict[str, Any]) -> QuerySet[DeadLetter]:
    """The open letters with this cause; "no field" matches errors without one."""
    same_node = DeadLetter.objects.filter(
        status=DeadLetterStatus.OPEN,
        workflow_id=key["workflow"],
        node_id=key["nodeId"],
        code=key["code"],
    )
    field = key.get("field") or ""
    # The field is compared in Python: a JSON key lookup differs between SQLite and PostgreSQL.
    ids = [pk for pk, error in same_node.values_list("id", "error") if _field_of(error) == field]
    return DeadLetter.objects.filter(pk__in=ids)


def _field_of(error: Any) -> str:
    return str(error.get("field") or "") if isinstance(error, dict) else ""


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class DeadLetterGroupsView(APIView):
    @extend_schema(
        summary="Dead letters grouped by cause: same workflow, node, error code and field",
        parameters=FILTERS,
        responses={200: GroupSerializer(many=True), **problems(400)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        letters = DeadLetter.objects.all()
        if not params.get("status"):
            letters = letters.filter(status=DeadLetterStatus.OPEN)
        groups = group_letters(filter_letters(letters, params))
        return Response(GroupSerializer(groups, many=True).data)


class DeadLetterGroupRetryView(APIView):
    @extend_schema(
        summary="Retry every open dead letter of one cause",
        request=GroupRetrySerializer,
        responses={200: GroupResultSerializer, **problems(400)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(GroupRetrySerializer, request.data)
        retried = deadletters.retry_many(
            letters_of_group(data), acting_user(request), data["reason"]
        )
        run_ids = [str(letter.run_id) for letter in retried]
        return Response({"count": len(run_ids), "runIds": run_ids})


class DeadLetterGroupDiscardView(APIView):
    @extend_schema(
        summary="Discard every open dead letter of one cause, with a reason",
        request=GroupDiscardSerializer,
        responses={200: GroupResultSerializer, **problems(400)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(GroupDiscardSerializer, request.data)
        user = acting_user(request)
        run_ids = []
        for letter in letters_of_group(data).order_by("created_at", "id"):
            try:
                deadletters.discard(letter, user, data["reason"])
            except deadletters.DeadLetterError:
                continue  # closed meanwhile by someone else
            run_ids.append(str(letter.run_id))
        return Response({"count": len(run_ids), "runIds": run_ids})
