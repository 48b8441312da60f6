"""The admin API tests and demos use: clock, faults, settings, stock, tokens, reset."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from connectors.infor.sandbox.state import WAREHOUSES
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
    return JSONResponse(
        {
            "orno": found.orno,
            "cuor": found.cuor,
            "status": found.stat,
            "lowest": found.orsl,
            "highest": found.orst,
            "tracking": found.delivery.etrn if found.delivery else "",
            "invoice": found.invoice.ivno if found.invoice else "",
        }
    )


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
