"""A new user's designer journey in a real browser, against a real Ferry and the Infor sandbox.

Starts the Infor sandbox (``python -m connectors.infor.sandbox``) and Ferry (as the smoke test
does), then runs ``frontend/e2e/designer-journey.mjs``: sign in, build webhook → JSONata map →
HTTP request to the sandbox, configure, test on a sample order, save, deploy, post a real webhook
and watch the run arrive. Screenshots land in ``test-results/designer/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.test_ui_smoke import (
    CHROMIUM,
    ROOT,
    _free_port,
    _wait_until_up,
    ferry_url,
    start_logged,
)

JOURNEY_SCRIPT = ROOT / "frontend" / "e2e" / "designer-journey.mjs"
SCREENSHOTS = ROOT / "test-results" / "designer"

pytestmark = pytest.mark.browser

__all__ = ["ferry_url"]


@pytest.fixture
def infor_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    sandbox = start_logged(
        [sys.executable, "-m", "connectors.infor.sandbox", "--port", str(port)],
        tmp_path / "infor-sandbox.log",
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/admin/state", sandbox)
        yield url
    finally:
        sandbox.terminate()
        try:
            sandbox.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sandbox.kill()
            sandbox.wait()


def test_it_builds_tests_deploys_and_runs_a_workflow_like_a_new_user(
    ferry_url: str, infor_url: str
) -> None:
    node = shutil.which("node")
    assert node, "node is needed to drive the browser"
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (make system-deps)"

    result = subprocess.run(
        [node, str(JOURNEY_SCRIPT), ferry_url, infor_url, str(SCREENSHOTS)],
        cwd=ROOT / "frontend",
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "FAIL" not in result.stdout
    assert (SCREENSHOTS / "08-run-arrived.png").exists()
