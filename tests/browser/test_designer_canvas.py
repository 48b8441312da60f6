"""The designer's canvas tools in a real browser: refused connections, clipboard, undo, problems
on nodes, version diff, a save conflict between two users, and a 200-node workflow.

Runs ``frontend/e2e/designer-canvas.mjs`` against Ferry started as the smoke test does, with a
second user who saves in between. Screenshots land in ``test-results/designer-canvas/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.test_ui_smoke import CHROMIUM, ROOT, SHARED_SERVICE_VARS, _manage, ferry_url

CANVAS_SCRIPT = ROOT / "frontend" / "e2e" / "designer-canvas.mjs"
SCREENSHOTS = ROOT / "test-results" / "designer-canvas"
COLLEAGUE = ("grace", "hopper-1906-cobol")

pytestmark = pytest.mark.browser

__all__ = ["ferry_url"]


def test_it_edits_checks_versions_and_scales_on_the_canvas(ferry_url: str, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node is needed to drive the browser"
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (make system-deps)"
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SERVICE_VARS}
    env["FERRY_DATA_DIR"] = str(tmp_path / "data")  # the running Ferry's data, as ferry_url made it
    env["DJANGO_SUPERUSER_PASSWORD"] = COLLEAGUE[1]
    _manage(
        env, "createsuperuser", "--noinput", "--username", COLLEAGUE[0], "--email", "g@example.com"
    )

    result = subprocess.run(
        [node, str(CANVAS_SCRIPT), ferry_url, str(SCREENSHOTS)],
        cwd=ROOT / "frontend",
        env={
            **os.environ,
            "CHROMIUM_PATH": CHROMIUM,
            "FERRY_OTHER_USER": COLLEAGUE[0],
            "FERRY_OTHER_PASSWORD": COLLEAGUE[1],
        },
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "FAIL" not in result.stdout
    assert (SCREENSHOTS / "06-large.png").exists()
