"""The sandbox as a plain ASGI app: the Webservice under ``/api/`` and an admin API under
``/admin/`` (faults, clock, webhooks, reset).

Admin API (JSON):
- ``GET /admin/state`` -> profile, version, keys, table sizes, faults, clock.
- ``POST /admin/faults`` ``{"resource", "latency", "errorRate", "errorStatus", "timeout",
  "unauthorized", "stripAuthorization", "retryAfter", "count"}``; ``DELETE /admin/faults``
  clears them.
- ``POST /admin/clock`` ``{"advance": seconds}`` or ``{"freeze": epoch}`` or ``{"unfreeze": true}``.
- ``POST /admin/webhooks`` ``{"url", "secret", "events"?}``; ``POST /admin/webhooks/flush``.
- ``POST /admin/webservice`` ``{"enabled": false}`` switches the shop's Webservice off (503).
- ``POST /admin/reset`` rebuilds the seed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from connectors.prestashop.sandbox import webhooks
from connectors.prestashop.sandbox.faults import Fault, FaultBook
from connectors.prestashop.sandbox.shop import Shop
from connectors.prestashop.sandbox.webservice import WsRequest, WsResponse, handle

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

EVENT_OF = {
    ("orders", "created"): "order.created",
    ("orders", "status_changed"): "order.status_changed",
    ("customers", "created"): "customer.created",
    ("customers", "updated"): "customer.updated",
    ("addresses", "created"): "address.created",
    ("addresses", "updated"): "address.updated",
    ("products", "updated"): "product.updated",
    ("stock_availables", "updated"): "stock.changed",
}


@dataclass
class Sandbox:
    """The running sandbox: a shop built by ``seed`` and everything the admin API controls."""

    seed: Callable[[], Shop]
    shop: Shop = field(init=False)
    faults: FaultBook = field(default_factory=FaultBook)
    sender: webhooks.WebhookSender = field(default_factory=webhooks.WebhookSender)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.shop = self.seed()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _body(receive)
        path: str = scope["path"]
        if path.startswith("/admin/"):
            status, payload = self.admin(scope["method"], path, body)
            await _respond(
                send,
                WsResponse(status, [("Content-Type", "application/json")], json.dumps(payload)),
            )
            return
        request = self._request(scope, body)
        if request is None:
            await _respond(send, WsResponse(404, [("Content-Type", "text/html")], "Not Found"))
            return
        response = await self._faulty(request) or await self._serve(request)
        await _respond(send, response)

    def _request(self, scope: Scope, body: bytes) -> WsRequest | None:
        raw_query = scope.get("query_string", b"").decode("latin-1")
        query = parse_qsl(raw_query, keep_blank_values=True)
        path: str = scope["path"]
        if path == "/api" or path.startswith("/api/"):
            api_path = path[len("/api") :].lstrip("/")
        elif path == "/webservice/dispatcher.php":
            api_path = next((v for k, v in query if k == "url"), "")
            query = [(k, v) for k, v in query if k != "url"]
        else:
            return None
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "127.0.0.1")
        api_url = f"{scope.get('scheme', 'http')}://{host}/api/"
        return WsRequest(
            scope["method"], api_path, query, headers, body.decode("utf-8", "replace"), api_url
        )

    async def _faulty(self, request: WsRequest) -> WsResponse | None:
        resource = request.path.split("/", 1)[0]
        fault = self.faults.matching(resource)
        if fault is None:
            return None
        if fault.latency:
            await asyncio.sleep(fault.latency)
        if fault.timeout:
            await asyncio.sleep(fault.timeout)
            return WsResponse(504, [("Content-Type", "text/html")], "Gateway Timeout")
        if fault.rate_limit_after is not None:
            headers = [
                ("Retry-After", f"{fault.rate_limit_after:g}"),
                ("Content-Type", "text/html"),
            ]
            return WsResponse(429, headers, "Too Many Requests")
        if fault.strip_authorization:
            request.headers.pop("authorization", None)
        if fault.unauthorized:
            request.headers.pop("authorization", None)
            request.query = [(k, v) for k, v in request.query if k != "ws_key"]
            request.query.append(("ws_key", "Z" * 32))
            return None
        if self.faults.fails(fault):
            return WsResponse(
                fault.error_status, [("Content-Type", "text/html")], "Service Unavailable"
            )
        return None

    async def _serve(self, request: WsRequest) -> WsResponse:
        async with self.lock:
            response = handle(self.shop, request)
            changes, self.shop.changes = self.shop.changes, []
        for resource, action, row in changes:
            self._enqueue(resource, action, row)
        if self.sender.outbox:
            await asyncio.to_thread(self.sender.flush)
        return response

    def _enqueue(self, resource: str, action: str, row: dict[str, Any]) -> None:
        event = EVENT_OF.get((resource, action))
        if event is None:
            return
        data = {k: v for k, v in row.items() if k != "associations" and not isinstance(v, dict)}
        if event == "order.status_changed":
            data.pop("id")  # the module's snapshot: the order is the event's entity
        shop = {"name": self.shop.name, "version": self.shop.profile.version, "id": 1}
        self.sender.enqueue(
            webhooks.payload(event, resource.rstrip("s"), int(row["id"]), data, shop)
        )

    def admin(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return 400, {"title": "The body is not JSON."}
        route = (method, path.rstrip("/"))
        if route == ("GET", "/admin/state"):
            return 200, self.state()
        if route == ("POST", "/admin/faults"):
            self.faults.faults.append(Fault.from_json(data))
            return 201, [f.to_json() for f in self.faults.faults]
        if route == ("DELETE", "/admin/faults"):
            self.faults.faults.clear()
            return 200, []
        if route == ("POST", "/admin/clock"):
            clock = self.shop.clock
            clock.offset += float(data.get("advance", 0))
            if "freeze" in data:
                clock.frozen = float(data["freeze"])
            if data.get("unfreeze"):
                clock.frozen = None
            return 200, {"now": clock.text(), "epoch": clock.epoch()}
        if route == ("POST", "/admin/webhooks"):
            self.sender.url = str(data.get("url", ""))
            self.sender.secret = str(data.get("secret", ""))
            self.sender.events = tuple(data.get("events") or webhooks.EVENTS)
            return 200, {"url": self.sender.url, "events": list(self.sender.events)}
        if route == ("POST", "/admin/webhooks/flush"):
            return 200, {"acknowledged": self.sender.flush(), "waiting": len(self.sender.outbox)}
        if route == ("POST", "/admin/webservice"):
            self.shop.enabled = bool(data.get("enabled", True))
            return 200, {"enabled": self.shop.enabled}
        if route == ("POST", "/admin/reset"):
            self.shop = self.seed()
            return 200, self.state()
        return 404, {"title": f"No admin route {method} {path}."}

    def state(self) -> dict[str, Any]:
        return {
            "profile": self.shop.profile.name,
            "version": self.shop.profile.version,
            "shopName": self.shop.name,
            "keys": sorted(self.shop.keys),
            "tables": {name: len(rows) for name, rows in sorted(self.shop.tables.items())},
            "faults": [f.to_json() for f in self.faults.faults],
            "now": self.shop.clock.text(),
            "webhooksWaiting": len(self.sender.outbox),
        }


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _respond(send: Send, response: WsResponse) -> None:
    body = response.body.encode("utf-8")
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
