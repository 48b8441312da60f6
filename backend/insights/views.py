"""API views of the cross-system pages: timeline, customer 360, reconciliation, the tour."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.problems import ProblemError
from backend.insights import tour
from backend.insights.customers import customer_360
from backend.insights.reconciliation import TooManyOrders, mismatches_csv, reconcile
from backend.insights.systems import Systems, open_systems
from backend.insights.timeline import build_timeline


def required_query(request: Request, name: str) -> str:
    value = (request.query_params.get(name) or "").strip()
    if not value:
        raise ProblemError(
            400,
            "Invalid request",
            f"{name}: give a value to look up.",
            "urn:ferry:problem:invalid-request",
            problems=[{"nodeId": None, "field": name, "message": "Required.", "code": "required"}],
        )
    if len(value) > 200:
        raise ProblemError(
            400,
            "Invalid request",
            f"{name}: at most 200 characters.",
            "urn:ferry:problem:invalid-request",
            problems=[{"nodeId": None, "field": name, "message": "Too long.", "code": "too_long"}],
        )
    return value


class TimelineView(APIView):
    """Everything Ferry did with a shop order reference, M3 order number, e-mail or SKU."""

    @extend_schema(
        parameters=[OpenApiParameter("key", str, required=True)],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        return Response(build_timeline(required_query(request, "key")))


def _systems(request: Request) -> Systems:
    return open_systems(request.query_params.get("shop"), request.query_params.get("infor"))


def _date(request: Request, name: str) -> date:
    text = required_query(request, name)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ProblemError(
            400,
            "Invalid request",
            f"{name}: {text!r} is not a date (YYYY-MM-DD).",
            "urn:ferry:problem:invalid-request",
            problems=[{"nodeId": None, "field": name, "message": "Not a date.", "code": "invalid"}],
        ) from None


def _tolerance(request: Request) -> float:
    text = request.query_params.get("tolerance") or "0.01"
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1000:
        raise ProblemError(
            400,
            "Invalid request",
            "tolerance: a number of currency units between 0 and 1000.",
            "urn:ferry:problem:invalid-request",
            problems=[{"nodeId": None, "field": "tolerance", "message": "Bad.", "code": "invalid"}],
        )
    return value


class CustomerView(APIView):
    """A customer by e-mail or shop id, as the shop and M3 hold them, with orders and timeline."""

    @extend_schema(
        parameters=[OpenApiParameter("shop", str), OpenApiParameter("infor", str)],
        responses={200: dict},
    )
    def get(self, request: Request, key: str) -> Response:
        systems = _systems(request)
        try:
            return Response(customer_360(systems, key.strip()))
        finally:
            systems.close()


class ReconciliationView(APIView):
    """Shop orders of a period against M3's orders and invoices; ``format=csv`` for the file."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True),
            OpenApiParameter("to", str, required=True),
            OpenApiParameter("tolerance", float),
            OpenApiParameter("shop", str),
            OpenApiParameter("infor", str),
        ],
        responses={200: dict},
    )
    def get(self, request: Request) -> HttpResponse | Response:
        start, end = _date(request, "from"), _date(request, "to")
        if end < start or (end - start).days > 92:
            raise ProblemError(
                400,
                "Invalid request",
                "to: the period must end after it starts and last at most 93 days.",
                "urn:ferry:problem:invalid-request",
                problems=[
                    {"nodeId": None, "field": "to", "message": "Bad period.", "code": "invalid"}
                ],
            )
        systems = _systems(request)
        try:
            report = reconcile(systems, start, end, _tolerance(request))
        except TooManyOrders as exc:
            raise ProblemError(400, "Invalid request", str(exc)) from exc
        finally:
            systems.close()
        if request.query_params.get("export") == "csv":
            answer = HttpResponse(mismatches_csv(report), content_type="text/csv; charset=utf-8")
            name = f"reconciliation-{start.isoformat()}-{end.isoformat()}.csv"
            answer["Content-Disposition"] = f'attachment; filename="{name}"'
            return answer
        return Response(report)


class TourOrderView(APIView):
    """Step 1 of the tour: place an order in the sandbox shop and hand it to order to cash."""

    @extend_schema(request=None, responses={201: dict})
    def post(self, request: Request) -> Response:
        return Response(tour.place_order(), status=201)


class TourProgressView(APIView):
    """Where the tour's order is now (runs, M3 order number, shop state, tracking number)."""

    @extend_schema(
        parameters=[OpenApiParameter("reference", str, required=True)], responses={200: dict}
    )
    def get(self, request: Request) -> Response:
        return Response(tour.progress(required_query(request, "reference")))


class TourShipView(APIView):
    """Move the Infor sandbox's clock past delivery and run status back."""

    @extend_schema(request=dict, responses={202: dict})
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        reference = str(data.get("reference") or "").strip()
        if not reference:
            raise ProblemError(
                400,
                "Invalid request",
                "reference: give the tour order's reference.",
                "urn:ferry:problem:invalid-request",
                problems=[
                    {
                        "nodeId": None,
                        "field": "reference",
                        "message": "Required.",
                        "code": "required",
                    }
                ],
            )
        return Response(tour.ship(reference), status=202)
