"""REST API of the cross-reference: bindings, the unresolved queue, rates and status tables."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from backend.api.openapi import problems
from backend.api.pagination import Page
from backend.api.problems import ProblemError
from backend.bindings import services
from backend.bindings.models import Binding, ExchangeRate, StatusTable, UnresolvedValue
from backend.bindings.serializers import (
    BindingSerializer,
    RateSerializer,
    ResolveSerializer,
    StatusTableSerializer,
    UnresolvedSerializer,
)

UUID = r"[0-9a-fA-F-]{32,36}"


def conflict_problem(conflict: services.BindingConflict) -> ProblemError:
    return ProblemError(
        409,
        "Binding conflict",
        str(conflict),
        "urn:ferry:problem:binding-conflict",
        existing=services.binding_json(conflict.existing),
    )


def _filters(request: Request, rows: QuerySet[Any], *names: str) -> QuerySet[Any]:
    for name in names:
        value = request.query_params.get(name)
        if value:
            rows = rows.filter(**{name: value})
    return rows


@extend_schema_view(
    list=extend_schema(
        summary="List bindings",
        parameters=[
            OpenApiParameter("kind", str),
            OpenApiParameter("scope", str),
            OpenApiParameter("search", str, description="Part of the shop or Infor id."),
            OpenApiParameter("shopId", str, description="This exact shop id."),
            OpenApiParameter("inforId", str, description="This exact Infor id."),
            OpenApiParameter("run", str, description="Recorded by this run."),
        ],
    ),
    retrieve=extend_schema(summary="Get a binding"),
    create=extend_schema(
        summary="Bind a shop id to an Infor id",
        responses={201: BindingSerializer, 200: BindingSerializer, **problems(400, 409)},
    ),
    destroy=extend_schema(summary="Delete a binding", responses={204: None, **problems(404)}),
)
class BindingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BindingSerializer
    pagination_class = Page
    lookup_value_regex = UUID

    def get_queryset(self) -> QuerySet[Binding]:
        rows = _filters(self.request, Binding.objects.all(), "kind", "scope")
        search = self.request.query_params.get("search", "").strip()
        if search:
            rows = rows.filter(Q(shop_id__icontains=search) | Q(infor_id__icontains=search))
        for param, field in (("shopId", "shop_id"), ("inforId", "infor_id")):
            exact = self.request.query_params.get(param, "").strip()
            if exact:
                rows = rows.filter(**{field: exact})
        run = self.request.query_params.get("run", "").strip()
        if run:
            rows = rows.filter(source_run_id=run)
        return rows.order_by("kind", "shop_id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = BindingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            binding, created = services.bind(
                data["kind"], data["scope"], data["shopId"], data["inforId"], user=request.user
            )
        except services.BindingConflict as conflict:
            raise conflict_problem(conflict) from None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(services.binding_json(binding), status=code)


@extend_schema_view(
    list=extend_schema(
        summary="List ids waiting for a person",
        parameters=[
            OpenApiParameter("kind", str),
            OpenApiParameter("scope", str),
            OpenApiParameter("state", str, enum=["open", "resolved", "all"], default="open"),
            OpenApiParameter("search", str),
        ],
    ),
    retrieve=extend_schema(summary="Get an unresolved id"),
)
class UnresolvedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UnresolvedSerializer
    pagination_class = Page
    lookup_value_regex = UUID

    def get_queryset(self) -> QuerySet[UnresolvedValue]:
        rows = _filters(self.request, UnresolvedValue.objects.all(), "kind", "scope")
        # The state filter is the list's: one entry is found whatever its state.
        state = self.request.query_params.get("state", "open") if self.action == "list" else "all"
        if state == "open":
            rows = rows.filter(resolved_at__isnull=True)
        elif state == "resolved":
            rows = rows.filter(resolved_at__isnull=False)
        elif state != "all":
            raise ProblemError(
                400, "Invalid request", "state must be open, resolved or all.", problems=[]
            )
        search = self.request.query_params.get("search", "").strip()
        if search:
            rows = rows.filter(value__icontains=search)
        return rows.order_by("-last_seen")

    @extend_schema(
        summary="Resolve: bind the id to the other system's id",
        request=ResolveSerializer,
        responses={200: BindingSerializer, **problems(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        entry = self.get_object()
        body = ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            binding = services.resolve(entry, body.validated_data["otherId"], request.user)
        except services.BindingConflict as conflict:
            raise conflict_problem(conflict) from None
        except services.AlreadyResolved as done:
            raise ProblemError(
                409, "Already resolved", str(done), "urn:ferry:problem:already-resolved"
            ) from None
        return Response(services.binding_json(binding))


@extend_schema_view(
    list=extend_schema(
        summary="List exchange rates",
        parameters=[OpenApiParameter("base", str), OpenApiParameter("quote", str)],
    ),
    create=extend_schema(
        summary="Store a rate (replacing the one of the same pair and date)",
        responses={201: RateSerializer, **problems(400)},
    ),
    destroy=extend_schema(summary="Delete a rate", responses={204: None, **problems(404)}),
)
class RateViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RateSerializer
    pagination_class = Page

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        rows = ExchangeRate.objects.all()
        for name in ("base", "quote"):
            value = self.request.query_params.get(name, "").strip().upper()
            if value:
                rows = rows.filter(**{name: value})
        return rows.order_by("-date", "base", "quote")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        rate, _ = ExchangeRate.objects.update_or_create(
            base=data["base"],
            quote=data["quote"],
            date=data["date"],
            defaults={"rate": data["rate"], "source": data["source"]},
        )
        return Response(RateSerializer(rate).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List status tables"),
    retrieve=extend_schema(summary="Get a status table"),
    create=extend_schema(
        summary="Create a status table", responses={201: StatusTableSerializer, **problems(400)}
    ),
    update=extend_schema(summary="Replace a status table"),
    partial_update=extend_schema(summary="Change a status table"),
    destroy=extend_schema(summary="Delete a status table"),
)
class StatusTableViewSet(viewsets.ModelViewSet):
    serializer_class = StatusTableSerializer
    pagination_class = None
    lookup_field = "name"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self) -> QuerySet[StatusTable]:
        return StatusTable.objects.order_by("name")
