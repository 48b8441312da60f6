"""``ferry dlq`` and ``ferry replay`` against a live server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from backend.durability.models import DeadLetter
from backend.runs.dispatch import start_run
from backend.runs.execution import execute_run
from backend.runs.models import Run, RunStatus
from cli.__main__ import main
from tests.conftest import WorkflowFactory, http_document


@pytest.fixture
def ferry(live_server: Any, user: User) -> list[str]:
    token = Token.objects.create(user=user)
    return ["--url", live_server.url, "--token", token.key]


def parked_run(make_workflow: WorkflowFactory) -> Run:
    workflow = make_workflow(http_document())
    run = start_run(workflow, workflow.versions.get(), mode="manual", payload={"reference": "Z9"})
    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(422, text="bad")))
    with mock.patch("backend.runs.services.shared_http_client", return_value=http):
        execute_run(str(run.pk))
    return run


@pytest.mark.django_db(transaction=True)
def test_it_lists_shows_edits_and_retries_a_dead_letter(
    ferry: list[str],
    make_workflow: WorkflowFactory,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    run = parked_run(make_workflow)
    letter = DeadLetter.objects.get(run=run)

    assert main([*ferry, "dlq", "list", "--class", "validation"]) == 0
    listed = capsys.readouterr().out
    assert str(letter.pk) in listed
    assert "Z9" in listed
    assert main([*ferry, "dlq", "show", str(letter.pk)]) == 0
    shown = capsys.readouterr().out
    assert "answered 422" in shown
    assert "parked" in shown

    edited = tmp_path / "input.json"
    edited.write_text(json.dumps([{"reference": "Z9-fixed"}]))
    with mock.patch("backend.runs.doorbell.ring"):
        code = main([*ferry, "dlq", "retry", str(letter.pk), "--input", str(edited)])
    assert code == 0
    assert f"Retried run {run.pk}" in capsys.readouterr().out
    assert Run.objects.get(pk=run.pk).status == RunStatus.QUEUED


@pytest.mark.django_db(transaction=True)
def test_it_discards_with_a_reason_and_reports_a_second_discard(
    ferry: list[str], make_workflow: WorkflowFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = DeadLetter.objects.get(run=parked_run(make_workflow))

    assert main([*ferry, "dlq", "discard", str(letter.pk), "--reason", "duplicate order"]) == 0
    assert main([*ferry, "dlq", "discard", str(letter.pk), "--reason", "again"]) == 1
    assert "already discarded" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_it_dry_runs_a_replay_from_the_command_line(
    ferry: list[str], make_workflow: WorkflowFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    run = parked_run(make_workflow)

    assert main([*ferry, "replay", str(run.pk), "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert '"stoppedAt": "fetch"' in out
    assert "http://shop.test/stock" in out
