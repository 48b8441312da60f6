"""Build a sandbox app from command-line style options, and run one in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from connectors.prestashop.sandbox.app import Sandbox
from connectors.prestashop.sandbox.seed_generated import generated_shop
from connectors.prestashop.sandbox.seed_recorded import recorded_demo_shop
from connectors.prestashop.sandbox.shop import Shop

SEEDS = ("recorded-demo", "generated")


def make_sandbox(seed: str = "generated", profile: str = "8.1", seed_number: int = 1) -> Sandbox:
    """``recorded-demo`` always runs the 8.0 profile, bugs included, as the recording does."""
    if seed == "recorded-demo":
        build: Callable[[], Shop] = lambda: recorded_demo_shop("8.0")  # noqa: E731
    elif seed == "generated":
        build = lambda: generated_shop(seed_number, profile)  # noqa: E731
    else:
        raise ValueError(f"Unknown seed {seed!r}: use one of {', '.join(SEEDS)}.")
    return Sandbox(build)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RunningSandbox:
    """A sandbox served by uvicorn in a daemon thread."""

    sandbox: Sandbox
    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


def serve_in_thread(sandbox: Sandbox, port: int | None = None) -> RunningSandbox:
    port = port or free_port()
    config = uvicorn.Config(
        sandbox, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("The PrestaShop sandbox did not start.")
        time.sleep(0.01)
    return RunningSandbox(sandbox, server, thread, f"http://127.0.0.1:{port}")
