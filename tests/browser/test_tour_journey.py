"""The guided tour in a real browser: both sandboxes, the seeded templates, the order's timeline.

Starts the two sandboxes on free ports (the Infor clock still, so the tour moves it), seeds the
demo with its templates, points the sandbox connections at them, starts ``manage.py serve`` and
runs ``frontend/e2e/tour-journey.mjs``. Screenshots land in ``test-results/browser/``.
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
    SCREENSHOTS,
    SHARED_SERVICE_VARS,
    _free_port,
    _manage,
    _wait_until_up,
    start_logged,
)

JOURNEY = ROOT / "frontend" / "e2e" / "tour-journey.mjs"
POINT_CONNECTIONS = """
import json, httpx
from backend.connections.models import Connection
from backend.connections.services import save_connection
shop = Connection.objects.get(credential_type="prestashop.shop")
save_connection(shop, name=shop.name, credential_type_id=shop.credential_type,
                fields={**shop.fields, "baseUrl": "%(shop)s"})
infor = Connection.objects.get(credential_type="infor.ionapi")
ionapi = json.dumps(httpx.get("%(infor)s/ionapi").json())
save_connection(infor, name=infor.name, credential_type_id=infor.credential_type,
                fields={"ionapi": ionapi})
"""

pytestmark = pytest.mark.browser


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def ferry_with_sandboxes(tmp_path: Path) -> Iterator[str]:
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("The frontend is not built: run `make frontend-build`.")
    shop_port, infor_port, port = _free_port(), _free_port(), _free_port()
    shop = _start("-m", "connectors.prestashop.sandbox", "--port", str(shop_port))
    infor = _start("-m", "connectors.infor.sandbox", "--port", str(infor_port), "--speed", "0")
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SERVICE_VARS}
    env["FERRY_DATA_DIR"] = str(tmp_path / "data")
    server = None
    try:
        shop_url, infor_url = f"http://127.0.0.1:{shop_port}", f"http://127.0.0.1:{infor_port}"
        _wait_until_up(f"{infor_url}/ionapi", infor)
        _wait_until_up(f"{shop_url}/admin/state", shop)
        _manage(env, "migrate", "--noinput", "-v", "0")
        _manage(env, "seed_demo")
        _manage(env, "shell", "-c", POINT_CONNECTIONS % {"shop": shop_url, "infor": infor_url})
        server = start_logged(
            [sys.executable, "manage.py", "serve", "--port", str(port)], tmp_path / "serve.log", env
        )
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{url}/login", server)
        yield url
    finally:
        for process in (server, shop, infor):
            if process is not None:
                _stop(process)


def test_it_takes_the_guided_tour_and_opens_the_orders_timeline(
    ferry_with_sandboxes: str,
) -> None:
    node = shutil.which("node")
    assert node, "node is needed to drive the browser"
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (make system-deps)"

    result = subprocess.run(
        [node, str(JOURNEY), ferry_with_sandboxes, str(SCREENSHOTS)],
        cwd=ROOT / "frontend",
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=400,
    )

    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
