"""Sandboxes over real HTTP for the client's contract tests; version samples only when present."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from connectors.prestashop.sandbox.server import RunningSandbox, make_sandbox, serve_in_thread

OTHER_VERSIONS = Path("/work/shared/fixtures/prestashop/other-versions")

# The 1.6/1.7 samples may not be redistributed, so they are read where they live; on a clone
# without them the tests that read them are not collected at all.
collect_ignore = [] if OTHER_VERSIONS.is_dir() else ["test_other_versions.py"]
# The shop module's tests run php-cli (Debian's php-cli, installed by `make system-deps`).
if shutil.which("php") is None:
    collect_ignore.append("test_module.py")


@pytest.fixture(scope="session")
def shop_sandbox() -> Iterator[RunningSandbox]:
    """The generated demo shop (8.1 profile), shared by the contract tests."""
    running = serve_in_thread(make_sandbox("generated", "8.1"))
    yield running
    running.stop()


@pytest.fixture
def fresh_shop(shop_sandbox: RunningSandbox) -> Iterator[RunningSandbox]:
    """The shared sandbox, reset to its seed and without faults after the test."""
    yield shop_sandbox
    httpx.delete(f"{shop_sandbox.url}/admin/faults")
    httpx.post(f"{shop_sandbox.url}/admin/reset")


@pytest.fixture(scope="session")
def legacy_sandbox() -> Iterator[RunningSandbox]:
    """A 1.7 shop: no PATCH, integers as strings."""
    running = serve_in_thread(make_sandbox("generated", "1.7"))
    yield running
    running.stop()
