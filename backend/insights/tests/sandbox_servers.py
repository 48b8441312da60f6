"""Both sandboxes served over real HTTP for a test session, and reseeded for each test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from connectors.infor.sandbox.lifecycle import Timing
from connectors.infor.sandbox.serve import RunningSandbox as InforSandbox
from connectors.infor.sandbox.settings import SandboxSettings
from connectors.prestashop.sandbox.server import RunningSandbox as ShopSandbox
from connectors.prestashop.sandbox.server import make_sandbox, serve_in_thread


@contextmanager
def serving_shop() -> Iterator[ShopSandbox]:
    """The generated PrestaShop 8.1 shop, served in a thread."""
    running = serve_in_thread(make_sandbox("generated", "8.1"))
    try:
        yield running
    finally:
        running.stop()


@contextmanager
def serving_infor() -> Iterator[InforSandbox]:
    running = InforSandbox().start()
    try:
        yield running
    finally:
        running.stop()


@contextmanager
def reseeded_shop(server: ShopSandbox) -> Iterator[ShopSandbox]:
    """The shop, reseeded, without faults afterwards."""
    httpx.post(f"{server.url}/admin/reset")
    try:
        yield server
    finally:
        httpx.delete(f"{server.url}/admin/faults")


def reseeded_infor(server: InforSandbox) -> InforSandbox:
    """The tenant reseeded, with its clock standing still unless a test moves it."""
    world = server.world
    world.settings = SandboxSettings()
    world.timing = Timing()
    world.reset()
    return server
