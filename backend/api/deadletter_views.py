"""The dead-letter queue over HTTP: list, inspect, retry (with an edited input), retry many by
filter, discard with a reason; and replays of any run."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer
from rest_framework.views import APIView

from backend.api.deadletter_serializers import (
    BulkResultSerializer,
    BulkRetrySerializer,
    DeadLetterDetailSerializer,
    DeadLetterSerializer,
    DiscardSerializer,
    ReplayResultSerializer,
    ReplaySerializer,
    RetrySerializer,
)
from backend.api.openapi import problems
from backend.api.pagination import Page
from backend.api.problems import ProblemError
from backend.api.run_filters import _choices, _datetime, _maybe_uuid, _uuid
from backend.api.run_serializers import RunDetailSerializer
from backend.api.users import acting_user
from backend.durability import deadletters
from backend.durability.models import DeadLetter, DeadLetterStatus, ErrorClass
from backend.durability.replay import ReplayError, ReplayRequest, replay
from backend.runs.models import Run

FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, description="open (default), retried, discarded"),
    OpenApiParameter("workflow", OpenApiTypes.UUID),
    OpenApiParameter("errorClass", OpenApiTypes.STR, description=", ".join(ErrorClass.values)),
    OpenApiParameter("code", OpenApiTypes.STR, description="Error code, e.g. http.status_422."),
    OpenApiParameter("nodeId", OpenApiTypes.STR),
    OpenApiParameter("since", OpenApiTypes.DATETIME),
    OpenApiParameter("until", OpenApiTypes.DATETIME),
    OpenApiParameter("search", OpenApiTypes.STR, description="Business key or run id."),
]


def filter_letters(letters: QuerySet[DeadLetter], params: Any) -> QuerySet[DeadLetter]:
    """Filters shared by the list and the bulk retry; a bad value is a 400 naming it."""
    if value := params.get("status"):
        letters = letters.filter(status__in=_choices("status", value, DeadLetterStatus.values))
    if value := params.get("workflow"):
        letters = letters.filter(workflow_id=_uuid("workflow", str(value)))
    if value := params.get("errorClass"):
        letters = letters.filter(error_class__in=_choices("errorClass", value, ErrorClass.values))
    if value := params.get("code"):
        letters = letters.filter(code=value)
    if value := params.get("nodeId"):
        letters = letters.filter(node_id=value)
    if value := params.get("since"):
        letters = letters.filter(created_at__gte=_moment("since", value))
    if value := params.get("until"):
        letters = letters.filter(created_at__lt=_moment("until", value))
    if value := str(params.get("search") or "").strip():
        matches = Q(run__business_key__icontains=value)
        if run_id := _maybe_uuid(value):
            matches |= Q(run_id=run_id)
        letters = letters.filter(matches)
    return letters


def _moment(name: str, value: Any) -> Any:
    return value if not isinstance(value, str) else _datetime(name, value)


def _valid(serializer_class: type[Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _conflict(exc: Exception) -> ProblemError:
    return ProblemError(409, "Not possible now", str(exc), "urn:ferry:problem:dead-letter")


@extend_schema_view(
    list=extend_schema(
        summary="List dead letters, newest first (open ones unless status says otherwise)",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(
        summary="A dead letter with the failing step's input and its audit trail",
        responses={200: DeadLetterDetailSerializer, **problems(404)},
    ),
)
class DeadLetterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = Page
    serializer_class = DeadLetterSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self) -> QuerySet[DeadLetter]:
        letters = DeadLetter.objects.select_related("workflow", "run").order_by(
            "-created_at", "-id"
        )
        if self.action == "list":
            params = self.request.query_params
            if not params.get("status"):
                letters = letters.filter(status=DeadLetterStatus.OPEN)
            return filter_letters(letters.defer("input", "error"), params)
        return letters

    def get_serializer_class(self) -> type[BaseSerializer[DeadLetter]]:
        return DeadLetterDetailSerializer if self.action != "list" else DeadLetterSerializer

    @extend_schema(
        summary="Retry one: the run resumes at the failing step, with an edited input if given",
        request=RetrySerializer,
        responses={200: DeadLetterDetailSerializer, **problems(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        letter = self.get_object()
        data = _valid(RetrySerializer, request.data)
        try:
            deadletters.retry(letter, acting_user(request), data["reason"], data.get("input"))
        except deadletters.DeadLetterError as exc:
            raise _conflict(exc) from None
        letter.refresh_from_db()
        return Response(DeadLetterDetailSerializer(letter).data)

    @extend_schema(
        summary="Discard one with a reason; the run is never retried",
        request=DiscardSerializer,
        responses={200: DeadLetterDetailSerializer, **problems(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def discard(self, request: Request, pk: str | None = None) -> Response:
        letter = self.get_object()
        data = _valid(DiscardSerializer, request.data)
        try:
            deadletters.discard(letter, acting_user(request), data["reason"])
        except deadletters.DeadLetterError as exc:
            raise _conflict(exc) from None
        letter.refresh_from_db()
        return Response(DeadLetterDetailSerializer(letter).data)

    @extend_schema(
        summary="Retry every open dead letter matching the filters",
        operation_id="v1_dead_letters_retry_many",
        request=BulkRetrySerializer,
        responses={200: BulkResultSerializer, **problems(400)},
    )
    @action(detail=False, methods=["post"], url_path="retry")
    def retry_many(self, request: Request) -> Response:
        data = _valid(BulkRetrySerializer, request.data)
        reason = data.pop("reason", "")
        letters = filter_letters(DeadLetter.objects.filter(status=DeadLetterStatus.OPEN), data)
        retried = deadletters.retry_many(letters, acting_user(request), reason)
        run_ids = [str(letter.run_id) for letter in retried]
        return Response({"count": len(run_ids), "runIds": run_ids})


class ReplayView(APIView):
    @extend_schema(
        summary="Replay a run from its trigger or a step, on its version or the active one",
        request=ReplaySerializer,
        responses={
            202: ReplayResultSerializer,
            200: ReplayResultSerializer,
            **problems(400, 404, 409),
        },
    )
    def post(self, request: Request, run_id: str) -> Response:
        source = get_object_or_404(Run.objects.select_related("workflow", "version"), pk=run_id)
        data = _valid(ReplaySerializer, request.data)
        wanted = ReplayRequest(
            from_node=data["fromNode"],
            version=data["version"],
            dry_run=data["dryRun"],
            force_new_effects=data["forceNewEffects"],
            reason=data["reason"],
        )
        try:
            run, outcome = replay(source, wanted, acting_user(request))
        except ReplayError as exc:
            raise ProblemError(409, "Cannot replay", str(exc), "urn:ferry:problem:replay") from None
        body: dict[str, Any] = {
            "runId": str(run.pk),
            "versionNumber": run.version.number,
            "dryRun": wanted.dry_run,
            "status": None,
            "output": None,
            "error": None,
            "steps": None,
        }
        if outcome is None:
            return Response(body, status=status.HTTP_202_ACCEPTED)
        body.update(
            status=outcome.status,
            output=outcome.output,
            error=outcome.error,
            steps=RunDetailSerializer.steps_of(run),
        )
        return Response(body)
