"""The recorded PrestaShop 8.0 exchanges, as test data and as an httpx transport."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = FIXTURES / "recorded-8.0.jsonl"
RECORDED_BASE = "http://127.0.0.1:8080"
KEYS = {
    "all": "RECORDEDDEMOALLPERMISSIONSKEY001",
    "readonly": "RECORDEDDEMOREADONLYKEY000000002",
    "inactive": "RECORDEDDEMOINACTIVEKEY000000003",
    "unknown": "Z" * 32,
    "short": "SHORTKEY",
    "empty": "",
}
PLACEHOLDERS = {"KEY_ALL": KEYS["all"], "KEY_READONLY": KEYS["readonly"]}
PLACEHOLDERS["KEY_INACTIVE"] = KEYS["inactive"]


@cache
def exchanges() -> tuple[dict[str, Any], ...]:
    """Every recorded exchange, in ``seq`` order."""
    lines = RECORDED.read_text(encoding="utf-8").splitlines()
    return tuple(sorted((json.loads(line) for line in lines), key=lambda e: e["seq"]))


def exchange(seq: int) -> dict[str, Any]:
    return next(e for e in exchanges() if e["seq"] == seq)


def recorded_response(seq: int) -> httpx.Response:
    """The response of exchange ``seq`` as httpx would have received it."""
    answer = exchange(seq)["response"]
    headers = [(k, v) for k, v in answer["headers"] if k.lower() != "connection"]
    return httpx.Response(answer["status"], headers=headers, content=answer["body"].encode())


class Replay:
    """A transport answering each request with the next recorded response; keeps the requests."""

    def __init__(self, *seqs: int) -> None:
        self.queue = list(seqs)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return recorded_response(self.queue.pop(0))

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def answering(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))
