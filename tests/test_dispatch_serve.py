"""``manage.py serve``: one command serves Ferry and, embedded, executes runs beside it."""

from __future__ import annotations

import io
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from backend.runs.embedded import dispatcher

pytestmark = pytest.mark.django_db


def test_it_serves_the_asgi_app_with_the_dispatcher_beside_it(settings: Any) -> None:
    settings.FERRY_START_DISPATCHER = True
    out = io.StringIO()
    seen: dict[str, Any] = {}

    with (
        mock.patch.object(dispatcher, "start") as start,
        mock.patch.object(dispatcher, "stop") as stop,
    ):

        def serve(app: str, **options: Any) -> None:
            seen.update(options, app=app, started=start.called, stopped=stop.called)

        with mock.patch("uvicorn.run", side_effect=serve):
            call_command("serve", "--port", "8123", stdout=out)

    assert seen["app"] == "backend.asgi:application"
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8123)
    assert (seen["started"], seen["stopped"]) == (True, False)
    assert stop.called  # when the server stops
    assert "http://127.0.0.1:8123/" in out.getvalue()
    assert "demo / demo" in out.getvalue()


def test_it_leaves_runs_to_celery_when_scaled(settings: Any) -> None:
    settings.SCALED = True
    settings.FERRY_START_DISPATCHER = True

    with mock.patch.object(dispatcher, "start") as start, mock.patch("uvicorn.run") as run:
        call_command("serve", stdout=io.StringIO())

    assert run.called
    assert not start.called


def test_it_notes_sandboxes_that_are_not_installed() -> None:
    out = io.StringIO()
    missing = (("connectors.nowhere.sandbox", 8099),)
    with (
        mock.patch("backend.runs.management.commands.serve.SANDBOXES", missing),
        mock.patch.object(dispatcher, "start"),
        mock.patch("uvicorn.run"),
    ):
        call_command("serve", "--with-sandboxes", stdout=out)

    assert "connectors.nowhere.sandbox is not installed" in out.getvalue()


def test_it_refuses_to_serve_an_unmigrated_database() -> None:
    plan = [("a migration", False)]
    with (
        mock.patch(
            "django.db.migrations.executor.MigrationExecutor.migration_plan", return_value=plan
        ),
        mock.patch("uvicorn.run") as run,
        pytest.raises(CommandError, match="migrate"),
    ):
        call_command("serve", stdout=io.StringIO())

    assert not run.called
