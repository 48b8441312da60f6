"""ASGI fast path for ``POST /hooks/<token>``: the hot path of Ferry, kept off Django's stack.

Django's ASGI handler builds a request, runs the middleware chain and starts a thread per
request; a webhook needs none of that. This wrapper reads the body (refusing it past the size
limit while it streams), hands the database work to long-lived writer threads that keep their
connections open (``writers``), and answers. Every other request goes on to Django unchanged.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from django.conf import settings

from backend.ingress.intake import Reply, too_large
from backend.ingress.writers import GroupWriter

PREFIX = "/hooks/"
Scope = dict[str, Any]
Receive = Any
Send = Any


class HookFastPath:
    """ASGI middleware answering webhook deliveries itself and passing everything else on."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._writer: GroupWriter | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _token(scope)
        if token is None:
            await self.app(scope, receive, send)
            return
        reply = await self._handle(scope, receive, token)
        await _send(send, reply)

    async def _handle(self, scope: Scope, receive: Receive, token: str) -> Reply:
        limit = settings.FERRY_WEBHOOK_MAX_BYTES
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if _int(headers.get("content-length")) > limit:
            return too_large()
        body = await _read_body(receive, limit)
        if body is None:
            return too_large()
        if self._writer is None:
            self._writer = GroupWriter()
        return await asyncio.wrap_future(self._writer.submit(token, body, headers))


def _token(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "POST":
        return None  # Django answers 405 and everything else
    path: str = scope["path"]
    if not path.startswith(PREFIX):
        return None
    token = path[len(PREFIX) :]
    return token if token and "/" not in token else None


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, reply: Reply) -> None:
    body = json.dumps(reply.body).encode()
    headers = [
        (b"content-type", reply.content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in reply.headers.items()]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
