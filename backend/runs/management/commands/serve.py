"""``manage.py serve``: Ferry in one process (web, websockets and the embedded dispatcher)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from backend.designer.demo_templates import bod_hook_url
from backend.runs.embedded import dispatcher

SWITCH_INTERVAL = 0.005
INFOR_SANDBOX = "connectors.infor.sandbox"
SANDBOXES = (("connectors.prestashop.sandbox", 8081), (INFOR_SANDBOX, 8082))


class Command(BaseCommand):
    help = "Serve Ferry (HTTP and websockets) and, unless scaled, execute runs in this process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--with-sandboxes",
            action="store_true",
            help="Also start the PrestaShop and Infor sandboxes on ports 8081 and 8082.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check(display_num_errors=False)
        _require_migrated()
        url = f"http://{options['host']}:{options['port']}/"
        children = self._start_sandboxes(url) if options["with_sandboxes"] else []
        start_dispatcher = settings.FERRY_START_DISPATCHER and not settings.SCALED
        if start_dispatcher:
            # Runs execute on threads beside the web server's event loop. Python's own 5 ms GIL
            # switch interval, set here so that nothing else changes it: measured against 0.5 and
            # 2 ms, webhook answers stay as quick (p99 14 ms at 8 senders) while runs that make
            # many calls lose far less to threads handing the GIL back and forth (order to cash
            # at 20 orders/s: p99 1.7 s, against 6 s at 0.5 ms).
            sys.setswitchinterval(SWITCH_INTERVAL)
            dispatcher.start()
        self.stdout.write(f"Ferry is at {url}  (demo login: demo / demo)")
        if settings.SCALED:
            self.stdout.write("Runs execute in Celery workers (scaled mode).")
        try:
            uvicorn.run(
                "backend.asgi:application",
                host=options["host"],
                port=options["port"],
                lifespan="off",
                log_level="warning",
                access_log=False,
            )
        finally:
            if start_dispatcher:
                dispatcher.stop()
            _stop(children)

    def _start_sandboxes(self, ferry_url: str) -> list[subprocess.Popen[bytes]]:
        children = []
        for module, port in SANDBOXES:
            if not _installed(module):
                self.stdout.write(f"Note: {module} is not installed; not starting it.")
                continue
            command = [sys.executable, "-m", module, "--port", str(port)]
            # Infor's BODs go to the workflow that listens for them, as an ION connection
            # point would send them.
            bods = bod_hook_url(ferry_url) if module == INFOR_SANDBOX else ""
            if bods:
                command += ["--bod-url", bods]
            children.append(subprocess.Popen(command))
            self.stdout.write(f"Sandbox {module} is at http://127.0.0.1:{port}/")
            if bods:
                self.stdout.write(f"  It sends its BODs to {bods}")
        return children


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _require_migrated() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CommandError(
            f"The database lacks {len(plan)} migrations: run `python manage.py migrate` first."
        )


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
