"""The admin API tests and demos use: clock, faults, settings, stock, tokens, reset, and
shipping an order now, whole or in parts."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connectors.infor.sandbox.lifecycle import NothingToDeliver, deliver_now
from connectors.infor.sandbox.state import WAREHOUSES, Delivery, Order
from connectors.infor.sandbox.world import World


def problem(status: int, title: str, detail: str) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status, media_type="application/problem+json")


async def _body(request: Request) -> dict[str, Any] | JSONResponse:
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        return problem(400, "Malformed JSON", "The request body is not JSON.")
    if not isinstance(data, dict):
        return problem(400, "Malformed JSON", "The request body must be a JSON object.")
    return data


def _world(request: Request) -> World:
    world: World = request.app.state.world
    return world


async def state(request: Request) -> Response:
    world = _world(request)
    world.catch_up()
    tenant = world.tenant
    return JSONResponse(
        {
            "tenant": tenant.tenant_id,
            "now": world.clock.iso(),
            "items": len(tenant.items),
            "customers": len(tenant.customers),
            "orders": len(tenant.orders),
            "batchOrders": len(tenant.batch_orders),
            "invoices": len(tenant.invoices),
            "gatewayCalls": world.calls,
            "tokensIssued": world.tokens.issued_count,
        }
    )


async def clock(request: Request) -> Response:
    world = _world(request)
    if request.method == "POST":
        data = await _body(request)
        if isinstance(data, JSONResponse):
            return data
        seconds = data.get("advance")
        if not isinstance(seconds, int | float) or seconds < 0:
            return problem(400, "Invalid advance", "advance must be a number of seconds >= 0.")
        world.clock.advance(float(seconds))
        world.catch_up()
    return JSONResponse({"now": world.clock.iso(), "epoch": world.clock.now()})


async def faults(request: Request) -> Response:
    return await _settable(request, _world(request).faults)


async def settings(request: Request) -> Response:
    return await _settable(request, _world(request).settings)


async def _settable(request: Request, target: Any) -> Response:
    if request.method == "PUT":
        data = await _body(request)
        if isinstance(data, JSONResponse):
            return data
        refused = target.update(data)
        if refused:
            return problem(400, "Invalid change", "; ".join(refused) + ".")
    return JSONResponse(target.to_json())


async def stock(request: Request) -> Response:
    world = _world(request)
    data = await _body(request)
    if isinstance(data, JSONResponse):
        return data
    itno, whlo, quantity = data.get("itno"), data.get("whlo", "001"), data.get("quantity")
    if itno not in world.tenant.items:
        return problem(400, "Unknown item", f"Item {itno!r} does not exist.")
    if whlo not in WAREHOUSES:
        return problem(400, "Unknown warehouse", f"Warehouse {whlo!r} does not exist.")
    if not isinstance(quantity, int):
        return problem(400, "Invalid quantity", "quantity must be a whole number (+ or -).")
    with world.tenant.lock:
        if world.tenant.balance(str(whlo), str(itno)).stqt + quantity < 0:
            return problem(400, "Not enough stock", "On-hand stock cannot go below zero.")
        world.tenant.move_stock(str(whlo), str(itno), on_hand=quantity)
        balance = world.tenant.balance(str(whlo), str(itno))
    return JSONResponse({"itno": itno, "whlo": whlo, "onHand": balance.stqt, "lmts": balance.lmts})


async def expire_tokens(request: Request) -> Response:
    _world(request).tokens.expire_all()
    return Response(status_code=204)


async def reset(request: Request) -> Response:
    _world(request).reset()
    return Response(status_code=204)


async def order(request: Request) -> Response:
    world = _world(request)
    world.catch_up()
    found = world.tenant.orders.get(request.path_params["orno"])
    if found is None:
        return problem(404, "Unknown order", "No customer order has this number.")
    return JSONResponse(_order_json(found))


def _order_json(found: Order) -> dict[str, Any]:
    dispatched = [d for d in found.deliveries if d.dispatched]
    return {
        "orno": found.orno,
        "cuor": found.cuor,
        "status": found.stat,
        "lowest": found.orsl,
        "highest": found.orst,
        "tracking": dispatched[-1].etrn if dispatched else "",
        "invoice": found.invoices[-1].ivno if found.invoices else "",
        "lines": [
            {
                "line": line.ponr,
                "item": line.itno,
                "quantity": line.orqt,
                "delivered": line.dlqt,
                "status": line.status,
            }
            for line in found.lines
        ],
        "deliveries": [_delivery_json(d) for d in found.deliveries],
    }


def _delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "dlix": delivery.dlix,
        "status": delivery.pgrs,
        "tracking": delivery.etrn,
        "package": f"PK{delivery.dlix}",
        "invoice": delivery.ivno,
        "lines": [{"line": ponr, "quantity": qty} for ponr, qty in delivery.lines.items()],
    }


async def deliver(request: Request) -> Response:
    """Ship an order now, whole or in part: ``{"lines": [{"line": 1, "quantity": 2}]}``;
    no ``lines`` ships everything allocated. Each call is one delivery with its own tracking
    number and package, so two calls make a split shipment."""
    world = _world(request)
    data = await _body(request)
    if isinstance(data, JSONResponse):
        return data
    quantities = _quantities(data.get("lines"))
    if isinstance(quantities, str):
        return problem(400, "Invalid lines", quantities)
    world.catch_up()
    with world.tenant.lock:
        found = world.tenant.orders.get(request.path_params["orno"])
        if found is None:
            return problem(404, "Unknown order", "No customer order has this number.")
        if found.stat == "90":
            return problem(409, "Order deleted", f"Order {found.orno} is deleted (status 90).")
        try:
            delivery = deliver_now(world.tenant, found, quantities)
        except NothingToDeliver as exc:
            return problem(409, "Nothing to deliver", str(exc))
        answer = {"delivery": _delivery_json(delivery), "order": _order_json(found)}
    world.catch_up()
    return JSONResponse(answer, 201)


def _quantities(lines: Any) -> dict[int, int] | None | str:
    """The body's lines as {PONR: quantity}, or the reason they cannot be read."""
    if lines is None:
        return None
    if not isinstance(lines, list) or not lines:
        return "lines must be a non-empty list of {line, quantity}, or left out to ship all."
    quantities: dict[int, int] = {}
    for entry in lines:
        line = _whole(entry.get("line")) if isinstance(entry, dict) else None
        quantity = _whole(entry.get("quantity")) if isinstance(entry, dict) else None
        if line is None or quantity is None or quantity < 1 or line in quantities:
            return "Each entry needs a line number (once) and a whole quantity of at least 1."
        quantities[line] = quantity
    return quantities


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def bods(request: Request) -> Response:
    world = _world(request)
    world.catch_up()
    pending = [{"document": b.document, "bodId": b.bod_id} for b in world.outbox.pending]
    return JSONResponse({"pending": pending, "sent": world.outbox.sent})


async def publish_bods(request: Request) -> Response:
    world = _world(request)
    if not world.settings.bod_url:
        return problem(400, "No BOD target", "Set bod_url through /admin/settings first.")
    return JSONResponse(await run_in_threadpool(world.publish))


async def ionapi(request: Request) -> Response:
    base = str(request.base_url)
    headers = {"Content-Disposition": 'attachment; filename="FERRY_TST.ionapi"'}
    return JSONResponse(_world(request).ionapi(base), headers=headers)
