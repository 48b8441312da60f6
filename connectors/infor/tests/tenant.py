"""A scripted ION API tenant on ``httpx.MockTransport``: answers queued per path, requests kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from connectors.infor.gateway import Gateway
from connectors.infor.ionapi import parse_ionapi
from connectors.infor.oauth import MemoryTokenCache, TokenProvider
from connectors.infor.tests.samples import ionapi_text

Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


class ScriptedTenant:
    """Token endpoint issues numbered tokens; other paths answer from their queues."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.queues: dict[str, list[Answer]] = {}
        self.issued = 0
        self.token_response: Callable[[int], httpx.Response] = lambda n: httpx.Response(
            200,
            json={
                "access_token": f"token-{n}",
                "token_type": "Bearer",
                "expires_in": 7200,
                "refresh_token": f"refresh-{n}",
            },
        )

    def answer(self, path_end: str, *answers: Answer) -> None:
        self.queues.setdefault(path_end, []).extend(answers)

    def json(self, path_end: str, body: Any, status: int = 200) -> None:
        self.answer(path_end, httpx.Response(status, json=body))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/token.oauth2"):
            self.issued += 1
            return self.token_response(self.issued)
        if request.url.path.endswith("/revoke_token.oauth2"):
            return httpx.Response(200)
        for path_end, queue in self.queues.items():
            if request.url.path.endswith(path_end) and queue:
                answer = queue.pop(0)
                return answer(request) if callable(answer) else answer
        return httpx.Response(404)

    def calls(self, path_end: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith(path_end)]

    def form(self, request: httpx.Request) -> dict[str, str]:
        return dict(httpx.QueryParams(request.content.decode()))

    def body(self, request: httpx.Request) -> Any:
        return json.loads(request.content)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def gateway(self, **ionapi: str | None) -> Gateway:
        file = parse_ionapi(ionapi_text(**ionapi))
        http = self.client()
        return Gateway(file, http, TokenProvider(file, http, MemoryTokenCache()))
