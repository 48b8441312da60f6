"""Sandboxes served over real HTTP for the sandbox's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.prestashop.sandbox.server import RunningSandbox, make_sandbox, serve_in_thread


@pytest.fixture
def recorded_sandbox() -> Iterator[RunningSandbox]:
    """A fresh sandbox on the recorded demo data (8.0 profile)."""
    running = serve_in_thread(make_sandbox("recorded-demo"))
    yield running
    running.stop()
