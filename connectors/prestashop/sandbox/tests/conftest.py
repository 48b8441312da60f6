"""Sandboxes served over real HTTP for the sandbox's own tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.prestashop.sandbox.server import RunningSandbox, make_sandbox, serve_in_thread

OTHER_VERSIONS = Path("/work/shared/fixtures/prestashop/other-versions")

# Real 1.6/1.7 samples whose licences keep them out of the project: read in place, and on a
# clone without them the test that reads them is not collected.
collect_ignore = [] if OTHER_VERSIONS.is_dir() else ["test_other_versions.py"]


@pytest.fixture
def recorded_sandbox() -> Iterator[RunningSandbox]:
    """A fresh sandbox on the recorded demo data (8.0 profile)."""
    running = serve_in_thread(make_sandbox("recorded-demo"))
    yield running
    running.stop()
