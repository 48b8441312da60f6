"""Nodes for customer orders: create from a web order, and read status, deliveries, invoices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.infor.m3 import M3Client
from connectors.infor.node_base import (
    CATEGORY,
    CREDENTIAL,
    RETRY,
    InforNode,
    failures,
    items_of,
    text,
)
from connectors.infor.sales_orders import (
    NotCancellable,
    OrderDefaults,
    cancel_order,
    create_sales_order,
    deliveries,
    find_by_reference,
    invoices,
    order_status,
)
from workflows.sdk import ErrorClass, Item, NodeContext, NodeError, NodeResult, NodeSpec, Port
from workflows.sdk.bindings import DEFAULT_SCOPE
from workflows.sdk.spec import ERROR_OUT, MAIN_IN

ORDER_OUT = Port("main", "Order", "infor.order")
IN_PROGRESS_WAIT = 10.0
"""Seconds to wait for another run creating the same order: a creation takes about a second."""


class CreateSalesOrder(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.sales_order.create",
        version=1,
        display_name="Create Sales Order",
        description="Creates an M3 customer order from each item through OIS100MI batch entry, "
        "or returns the existing one with the same shop reference.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "orderType": {"type": "string", "title": "Order type (ORTP)", "maxLength": 3},
                "facility": {"type": "string", "title": "Facility (FACI)", "maxLength": 3},
                "warehouse": {"type": "string", "title": "Warehouse (WHLO)", "maxLength": 3},
                "addressType": {
                    "type": "string",
                    "title": "Delivery address type (ADRT)",
                    "default": "1",
                    "pattern": "^[0-9]$",
                },
                "sendPrices": {
                    "type": "boolean",
                    "title": "Send the shop's prices (SAPR)",
                    "default": True,
                },
                "bindingScope": {
                    "type": "string",
                    "title": "Cross-reference scope",
                    "minLength": 1,
                    "default": DEFAULT_SCOPE,
                },
            },
            "additionalProperties": False,
        },
        ui={
            "orderType": {"widget": "text", "placeholder": "WEB", "help": "Empty: customer's."},
            "facility": {"widget": "text", "placeholder": "A01"},
            "warehouse": {"widget": "text", "placeholder": "001"},
            "addressType": {"widget": "text", "help": "1 is delivery on most tenants."},
            "sendPrices": {"help": "Off: M3 prices the lines."},
            "bindingScope": {
                "widget": "text",
                "help": "Shop reference and M3 order number are recorded as an order binding "
                "here, and a bound reference is not sent again.",
            },
        },
        inputs=(Port("main", "Order", "infor.sales_order_request"),),
        outputs=(ORDER_OUT, ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=120.0,
        side_effects="idempotent",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        defaults = OrderDefaults(
            order_type=str(self.config.get("orderType") or ""),
            facility=str(self.config.get("facility") or ""),
            warehouse=str(self.config.get("warehouse") or ""),
            address_type=str(self.config.get("addressType") or "1"),
            send_prices=bool(self.config.get("sendPrices", True)),
        )
        scope = str(self.config.get("bindingScope") or DEFAULT_SCOPE)
        created = []
        for item in items_of(inputs):
            order = _order_request(item.json)
            outcome = _bound(ctx, scope, order) or self._once(ctx, client, order, defaults)
            if ctx.bindings is not None:
                reference, number = str(order["reference"]), outcome["orderNumber"]
                ctx.bindings.record("order", scope, reference, number, run_id=ctx.run_id)
            created.append(Item(outcome, item.source_node, item.source_index))
        return NodeResult.on("main", created)

    def reconcile(self, ctx: NodeContext, key: str, request: Any) -> dict[str, Any] | None:
        """Ask M3 for an order carrying the request's shop reference in CUOR.

        On this step's first attempt a pending effect is another run's (this run has made no
        attempt to leave one), which may be creating the order right now: wait for it once
        rather than create a second order beside it. A later attempt takes M3's word."""
        client = self.client(ctx)
        with failures():
            head = find_by_reference(client, str(request["customer"]), str(request["reference"]))
        if head is None and ctx.attempt <= 1:
            raise NodeError(
                "infor.m3.order_in_progress",
                f"Another run is sending order {request['reference']} to M3; this one checks "
                "again shortly instead of sending it a second time.",
                retryable=True,
                error_class=ErrorClass.CONFLICT,
                retry_after=IN_PROGRESS_WAIT,
                details={"effectKey": key},
            )
        if head is None:
            return None
        return {
            "orderNumber": head["ORNO"],
            "temporaryNumber": "",
            "customer": request["customer"],
            "reference": request["reference"],
            "created": False,
        }

    def _once(
        self, ctx: NodeContext, client: M3Client, order: dict[str, Any], defaults: OrderDefaults
    ) -> dict[str, Any]:
        key = ctx.effect_key(
            "infor.m3.sales_order", client.gateway.ionapi.tenant, order["reference"]
        )

        def create() -> dict[str, Any]:
            with failures():
                return create_sales_order(client, order, defaults)

        return ctx.once(
            key,
            self.spec.type_id,
            order,
            create,
            reconcile=lambda key, request: self.reconcile(ctx, key, request),
        )


def _bound(ctx: NodeContext, scope: str, order: dict[str, Any]) -> dict[str, Any] | None:
    """The order already bound to this shop reference, without asking M3."""
    if ctx.bindings is None:
        return None
    binding = ctx.bindings.lookup("order", scope, shop_id=str(order["reference"]))
    if binding is None:
        return None
    return {
        "orderNumber": binding["inforId"],
        "temporaryNumber": "",
        "customer": order["customer"],
        "reference": order["reference"],
        "created": False,
    }


def _order_request(data: Any) -> dict[str, Any]:
    text(data, "customer", required=True)
    text(data, "reference", required=True)
    lines = data.get("lines")
    if not isinstance(lines, list) or not lines:
        raise NodeError(
            "infor.input.missing",
            "The order has no 'lines'; give at least one {item, quantity}.",
            error_class=ErrorClass.VALIDATION,
            field="lines",
        )
    for index, line in enumerate(lines):
        text(line, "item", required=True, where=f"lines.{index}.")
    return dict(data)


class CancelSalesOrder(InforNode):
    spec = NodeSpec(
        type_id="infor.m3.sales_order.cancel",
        version=1,
        display_name="Cancel Sales Order",
        description="Deletes an M3 customer order (OIS100MI DelLine for every line, then "
        "DelHead) when nothing of it is on a picking list, delivered or invoiced; otherwise "
        "leaves it whole and sends the item to 'Cannot cancel' with the lines that stop it.",
        category=CATEGORY,
        icon="infor",
        config_schema={
            "type": "object",
            "properties": {
                "reasonCode": {
                    "type": "string",
                    "title": "Transaction reason (RSCD)",
                    "maxLength": 3,
                    "default": "",
                },
            },
            "additionalProperties": False,
        },
        ui={
            "reasonCode": {
                "widget": "text",
                "placeholder": "CAN",
                "help": "A reason code defined in CRS103 on the tenant; empty sends none.",
            },
        },
        inputs=(Port("main", "Order", "infor.order"),),
        outputs=(
            Port("main", "Cancelled", "infor.order_cancellation"),
            Port("not_cancellable", "Cannot cancel", "infor.order_cancellation"),
            ERROR_OUT,
        ),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=120.0,
        side_effects="idempotent",
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        reason_code = str(self.config.get("reasonCode") or "")
        cancelled: list[Item] = []
        refused: list[Item] = []
        for item in items_of(inputs):
            with failures():
                number = order_number_of(client, item.json)
            base = item.json if isinstance(item.json, dict) else {}
            try:
                outcome = self._once(ctx, client, number, reason_code)
            except _Refused as refusal:
                stop = refusal.stop
                answer = {**base, "orderNumber": number, "cancelled": False}
                answer |= {"reason": stop.reason, "blockingLines": stop.lines}
                refused.append(Item(answer, item.source_node, item.source_index))
                continue
            cancelled.append(Item({**base, **outcome}, item.source_node, item.source_index))
        return NodeResult(outputs={"main": cancelled, "not_cancellable": refused})

    def reconcile(self, ctx: NodeContext, key: str, request: Any) -> dict[str, Any] | None:
        """A deleted order (status 90) is the cancellation done; anything else is not."""
        with failures():
            head = self.client(ctx).execute("OIS100MI", "GetHead", {"ORNO": request["orderNumber"]})
        first = head.first()
        if first.get("STAT", "").strip() != "90":
            return None
        return {
            "orderNumber": request["orderNumber"],
            "reference": first.get("CUOR", ""),
            "customer": first.get("CUNO", ""),
            "cancelled": True,
            "alreadyCancelled": True,
            "deletedLines": 0,
        }

    def _once(
        self, ctx: NodeContext, client: M3Client, number: str, reason_code: str
    ) -> dict[str, Any]:
        key = ctx.effect_key("infor.m3.sales_order.cancel", client.gateway.ionapi.tenant, number)

        def cancel() -> dict[str, Any]:
            try:
                with failures():
                    return cancel_order(client, number, reason_code)
            except NotCancellable as stop:
                raise _Refused(stop) from stop

        return ctx.once(
            key,
            self.spec.type_id,
            {"orderNumber": number},
            cancel,
            reconcile=lambda key, request: self.reconcile(ctx, key, request),
        )


class _Refused(NodeError):
    """M3's definite "no" to a cancellation: the ledger frees the effect (nothing was
    deleted), and the node routes the item to 'Cannot cancel' instead of failing."""

    def __init__(self, stop: NotCancellable) -> None:
        super().__init__(
            "infor.m3.order_not_cancellable",
            stop.reason,
            error_class=ErrorClass.CONFLICT,
            details={"status": "refused", "orderNumber": stop.number},
        )
        self.stop = stop


class _OrderLookup(InforNode):
    """Reads something about orders named by number or by shop reference."""

    read: Callable[[M3Client, str], dict[str, Any]]

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        client = self.client(ctx)
        found = []
        for item in items_of(inputs):
            with failures():
                number = order_number_of(client, item.json)
                found.append(
                    Item(type(self).read(client, number), item.source_node, item.source_index)
                )
        return NodeResult.on("main", found)


def order_number_of(client: M3Client, data: Any) -> str:
    """The order number an item names, directly or by customer and shop reference."""
    number = text(data, "orderNumber")
    if number:
        return number
    customer = text(data, "customer", required=True)
    reference = text(data, "reference", required=True)
    head = find_by_reference(client, customer, reference)
    if head is None:
        raise NodeError(
            "infor.m3.order_not_found",
            f"M3 has no order of customer {customer} with reference {reference}.",
            error_class=ErrorClass.NOT_FOUND,
            field="reference",
        )
    return head["ORNO"]


def _lookup_spec(type_id: str, name: str, description: str, data_type: str) -> NodeSpec:
    return NodeSpec(
        type_id=type_id,
        version=1,
        display_name=name,
        description=description,
        category=CATEGORY,
        icon="infor",
        config_schema={"type": "object", "properties": {}, "additionalProperties": False},
        ui={},
        inputs=(MAIN_IN,),
        outputs=(Port("main", name, data_type), ERROR_OUT),
        credential_type=CREDENTIAL,
        retry=RETRY,
        timeout_s=60.0,
        side_effects="none",
    )


class GetOrderStatus(_OrderLookup):
    spec = _lookup_spec(
        "infor.m3.sales_order.status",
        "Get Order Status",
        "Reads an M3 customer order's header and lines (OIS100MI GetHead, LstLine) with the "
        "status codes decoded and the shop status they mean.",
        "infor.order_status",
    )
    read = staticmethod(order_status)


class GetDeliveries(_OrderLookup):
    spec = _lookup_spec(
        "infor.m3.sales_order.deliveries",
        "Get Deliveries With Tracking",
        "Lists an order's deliveries (LstDelLineByCO, MWS410MI GetHead) with carrier, "
        "tracking numbers and packages (MWS423MI).",
        "infor.deliveries",
    )
    read = staticmethod(deliveries)


class GetInvoices(_OrderLookup):
    spec = _lookup_spec(
        "infor.m3.sales_order.invoices",
        "Get Invoices",
        "Lists the customer invoices of an order (OIS350MI LstInvHeadByCo).",
        "infor.invoices",
    )
    read = staticmethod(invoices)


ORDER_NODES = [CreateSalesOrder, CancelSalesOrder, GetOrderStatus, GetDeliveries, GetInvoices]
