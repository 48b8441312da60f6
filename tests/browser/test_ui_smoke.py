"""The web interface in a real browser against a real Ferry: sign in, workflows, runs, steps.

Starts ``manage.py serve`` on a fresh data directory with the demo data, then runs
``frontend/e2e/smoke.mjs`` (playwright-core driving Debian's Chromium). Screenshots land in
``test-results/browser/``. Run with ``make test-browser`` (it builds the frontend first).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMOKE_SCRIPT = ROOT / "frontend" / "e2e" / "smoke.mjs"
SCREENSHOTS = ROOT / "test-results" / "browser"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Settings that would point the server at shared services instead of its own fresh SQLite file.
SHARED_SERVICE_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "RABBITMQ_URL",
    "FERRY_SQLITE_PATH",
)

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


_LOGS: dict[int, Path] = {}


def start_logged(
    args: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """A server process whose output goes to ``log``. Never a pipe nobody reads: a chatty server
    fills a pipe's 64 KB and then blocks on its next log line, mid-request."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    _LOGS[server.pid] = log
    return server


def log_of(server: subprocess.Popen[bytes]) -> str:
    """What a server started by ``start_logged`` has printed so far."""
    path = _LOGS.get(server.pid)
    return path.read_text(errors="replace") if path and path.exists() else ""


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            command = " ".join(map(str, server.args))  # type: ignore[arg-type]
            pytest.fail(f"{command} exited with {server.returncode}:\n{log_of(server)[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"Ferry did not answer at {url} within {seconds} s")


@pytest.fixture
def ferry_url(tmp_path: Path) -> Iterator[str]:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail(
            "The frontend is not built: run `make frontend-build` (`make test-browser` does)."
        )
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SERVICE_VARS}
    env["FERRY_DATA_DIR"] = str(tmp_path / "data")
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "seed_demo")
    port = _free_port()
    server = start_logged(
        [sys.executable, "manage.py", "serve", "--port", str(port)], tmp_path / "serve.log", env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/login", server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_it_signs_in_and_shows_workflows_runs_and_a_runs_steps(ferry_url: str) -> None:
    node = shutil.which("node")
    assert node, "node is needed to drive the browser"
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (make system-deps)"

    result = subprocess.run(
        [node, str(SMOKE_SCRIPT), ferry_url, str(SCREENSHOTS)],
        cwd=ROOT / "frontend",
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert "FAIL" not in result.stdout
    assert (SCREENSHOTS / "06-step.png").exists()
