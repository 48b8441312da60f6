"""The guided demo: a sandbox shop order followed to M3 and back with its tracking number."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from django.db import transaction

from backend.api.problems import ProblemError
from backend.bindings.models import Binding
from backend.designer.models import Workflow
from backend.ingress.intake import Delivery, check_delivery, store_one
from backend.ingress.signature import SIGNATURE_HEADER, sign
from backend.insights.systems import INFOR_TYPE, SHOP_TYPE, pick_connection, system_errors
from backend.runs.dispatch import new_run
from backend.runs.models import Run, RunMode
from connectors.prestashop.client import PrestaShopClient
from connectors.prestashop.credentials import client_for

TOUR_CUSTOMER = 7
TOUR_PRODUCT = 1  # SKU-00001: a plain product M3 knows under the same number, in stock
SHIPPING_SECONDS = 2 * 3600 + 60  # the sandbox delivers two virtual hours after the order
TIMEOUT = 15.0


def _deployed_with(node_type: str, trigger_type: str) -> Workflow:
    for workflow in Workflow.objects.exclude(active_version=None).select_related("active_version"):
        assert workflow.active_version is not None
        types = {n.get("type") for n in workflow.active_version.document.get("nodes", [])}
        if node_type in types and trigger_type in types:
            return workflow
    raise ProblemError(
        409,
        "Not set up",
        f"No deployed workflow has a {trigger_type} trigger and a {node_type} node; "
        "install the templates first (make run does).",
        "urn:ferry:problem:tour-not-ready",
    )


def order_to_cash() -> Workflow:
    return _deployed_with("infor.m3.sales_order.create", "core.trigger.webhook")


def status_back() -> Workflow:
    return _deployed_with("infor.m3.sales_order.status_changes", "core.trigger.manual")


def _connection_of(workflow: Workflow, prefix: str) -> str | None:
    assert workflow.active_version is not None
    for node in workflow.active_version.document.get("nodes", []):
        if str(node.get("type", "")).startswith(prefix) and node.get("connection"):
            return str(node["connection"])
    return None


def shop_client(workflow: Workflow, http: httpx.Client) -> PrestaShopClient:
    connection = pick_connection(SHOP_TYPE, _connection_of(workflow, "prestashop."))
    return client_for(connection.decrypted_fields(), http)


def place_order() -> dict[str, Any]:
    """A cart and its order in the shop, then the module's ``order.created`` event for it."""
    workflow = order_to_cash()
    with httpx.Client(timeout=TIMEOUT) as http, system_errors("The shop"):
        client = shop_client(workflow, http)
        address = client.find_one("addresses", {"id_customer": str(TOUR_CUSTOMER), "deleted": "0"})
        if address is None:
            raise ProblemError(409, "Not set up", f"Shop customer {TOUR_CUSTOMER} has no address.")
        head = {"id_currency": 1, "id_lang": 1, "id_customer": TOUR_CUSTOMER}
        rows = [{"id_product": TOUR_PRODUCT, "id_product_attribute": 0, "quantity": 1}]
        cart = client.create("carts", {**head, "associations": {"cart_rows": rows}})
        order = client.create(
            "orders",
            {
                **head,
                "id_cart": cart["id"],
                "id_address_delivery": address["id"],
                "id_address_invoice": address["id"],
                "id_carrier": 2,
                "module": "ps_checkpayment",
                "payment": "Check",
                "conversion_rate": 1,
                "total_paid": 0,
                "total_paid_real": 0,
                "total_products": 0,
                "total_products_wt": 0,
            },
        )
        # The POST answers the order as sent; the reference is given by the shop afterwards.
        order = client.get("orders", order["id"])
    run_id = deliver_event(workflow, order)
    return {
        "orderId": int(order["id"]),
        "reference": str(order["reference"]),
        "runId": run_id,
        "workflowId": str(workflow.pk),
    }


def deliver_event(workflow: Workflow, order: dict[str, Any]) -> str:
    """The event the shop module would send, through the same checks and storage as a webhook."""
    event_id = str(uuid.uuid4())
    event = {
        "id": event_id,
        "event": "order.created",
        "occurredAt": str(order.get("date_add", "")),
        "shop": {"url": "", "id": 1, "version": ""},
        "entity": {"type": "order", "id": int(order["id"])},
        "data": {
            "reference": order["reference"],
            "id_customer": int(order["id_customer"]),
            "current_state": int(order.get("current_state") or 0),
        },
    }
    body = json.dumps(event).encode()
    headers = {"x-ferry-event-id": event_id, "content-type": "application/json"}
    checked = check_delivery(workflow.hook_token, body, headers)
    if isinstance(checked, Delivery) and checked.target.secret:
        headers[SIGNATURE_HEADER.lower()] = sign(checked.target.secret, body)
        checked = check_delivery(workflow.hook_token, body, headers)
    reply = checked if not isinstance(checked, Delivery) else store_one(checked)
    if reply.status >= 400:
        raise ProblemError(reply.status, "Event refused", str(reply.body.get("detail", "")))
    return str(reply.body["runId"])


def ship(reference: str) -> dict[str, Any]:
    """Move the Infor sandbox's clock past delivery, then run status back once."""
    number = (
        Binding.objects.filter(kind="order", shop_id=reference)
        .values_list("infor_id", flat=True)
        .first()
    )
    if number is None:
        raise ProblemError(
            409, "Not in Infor yet", f"Order {reference} has no M3 order number yet."
        )
    workflow = status_back()
    base = infor_base_url(_connection_of(workflow, "infor."))
    try:
        answer = httpx.post(
            f"{base}/admin/clock", json={"advance": SHIPPING_SECONDS}, timeout=TIMEOUT
        )
    except httpx.HTTPError as exc:
        raise ProblemError(
            502, "Infor did not answer", f"The Infor sandbox at {base}: {exc}"
        ) from exc
    if answer.status_code != 200:
        raise ProblemError(
            409,
            "Not the sandbox",
            f"{base} has no sandbox clock to move "
            f"(HTTP {answer.status_code}); only the Infor sandbox can be shipped from here.",
        )
    assert workflow.active_version is not None
    with transaction.atomic():
        run = new_run(
            workflow,
            workflow.active_version,
            mode=RunMode.MANUAL,
            payload={},
            trigger_node_id="manual",
        )
    return {
        "orderNumber": number,
        "clock": answer.json(),
        "runId": str(run.pk),
        "workflowId": str(workflow.pk),
    }


def infor_base_url(connection_id: str | None) -> str:
    connection = pick_connection(INFOR_TYPE, connection_id)
    try:
        ionapi = json.loads(str(connection.decrypted_fields().get("ionapi", "")))
    except ValueError as exc:
        raise ProblemError(
            409, "Not set up", "The Infor connection has no readable .ionapi file."
        ) from exc
    return str(ionapi.get("iu", "")).rstrip("/")


def progress(reference: str) -> dict[str, Any]:
    """Where the tour's order is: its runs, M3 order number and status, tracking in the shop."""
    number = (
        Binding.objects.filter(kind="order", shop_id=reference)
        .values_list("infor_id", flat=True)
        .first()
    )
    runs = [
        {
            "id": str(r.pk),
            "workflowId": str(r.workflow_id),
            "workflowName": r.workflow.name,
            "status": r.status,
            "createdAt": r.created_at.isoformat(),
        }
        for r in Run.objects.filter(keys__key=reference.lower())
        .select_related("workflow")
        .order_by("created_at")
    ]
    workflow = order_to_cash()
    with httpx.Client(timeout=TIMEOUT) as http, system_errors("The shop"):
        client = shop_client(workflow, http)
        order = client.find_one("orders", {"reference": reference})
        tracking = ""
        state = ""
        if order is not None:
            state = str(order.get("current_state", ""))
            carrier = client.find_one("order_carriers", {"id_order": str(order["id"])})
            tracking = str((carrier or {}).get("tracking_number", "") or "")
    return {
        "reference": reference,
        "orderId": None if order is None else int(order["id"]),
        "shopState": state,
        "orderNumber": number,
        "trackingNumber": tracking,
        "runs": runs,
    }
