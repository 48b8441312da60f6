"""A local order API for crash tests and benches: counts every order it creates, by key.

``POST /orders`` creates the order named by the ``Idempotency-Key`` header (answering 201), or
refuses the first attempt of a key with 503 + ``Retry-After`` when asked to; ``GET /orders/<key>``
answers 200 when the order exists and 404 when not (what a node's reconcile asks). The sink never
deduplicates: a second POST for a key counts as a duplicate effect.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote


class OrderSink:
    def __init__(self, refuse_first: bool = False, retry_after: int = 1) -> None:
        self.created: Counter[str] = Counter()
        self.received_at: dict[str, float] = {}
        self.refused: set[str] = set()
        self.refuse_first = refuse_first
        self.retry_after = retry_after
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> OrderSink:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self, *, refuse_first: bool = False) -> None:
        """Forget every order (between test cases sharing one sink)."""
        with self.lock:
            self.created.clear()
            self.received_at.clear()
            self.refused.clear()
            self.refuse_first = refuse_first

    def duplicates(self) -> int:
        with self.lock:
            return sum(count - 1 for count in self.created.values() if count > 1)

    def create(self, key: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            if self.refuse_first and key not in self.refused:
                self.refused.add(key)
                return 503, {"error": "busy"}, {"Retry-After": str(self.retry_after)}
            self.created[key] += 1
            self.received_at.setdefault(key, time.time())
        return 201, {"id": key}, {}


def _handler(sink: OrderSink) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in two writes; with Nagle on, the body waits for the client's
        # delayed ACK (40 ms a request), which real order APIs do not add.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            key = self.headers.get("Idempotency-Key") or body.decode() or "?"
            status, answer, headers = sink.create(key)
            self._reply(status, answer, headers)

        def do_GET(self) -> None:  # noqa: N802
            key = unquote(self.path.rsplit("/", 1)[-1])
            with sink.lock:
                found = key in sink.created
            self._reply(200 if found else 404, {"id": key} if found else {}, {})

        def _reply(self, status: int, answer: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
