"""Fixture workflows run through the real engine, with HTTP answered from the fixture and the
outputs, requests and per-node item counts pinned in it (n8n's NodeTestHarness, in our shape).

Each ``fixtures/*.workflow.json`` holds ``document``, ``payload``, ``credentials`` (connection
id to ``[credential type, fields]``), ``http`` (canned responses by method and URL) and
``expected`` (``status``, ``output``, ``requests`` made, and ``nodes``: items per output port).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from workflows.testing import MemoryServices, run_document

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.workflow.json"))


class CannedHttp:
    """Answers requests from the fixture's ``http`` list and records what was sent."""

    def __init__(self, responses: list[dict[str, Any]]) -> None:
        self.responses = responses
        self.sent: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.sent.append(
            {"method": request.method, "url": str(request.url), "request": request, "json": body}
        )
        for canned in self.responses:
            if canned["method"] == request.method and canned["url"] == str(request.url):
                return httpx.Response(canned["status"], json=canned.get("json"))
        return httpx.Response(599, text=f"No canned response for {request.method} {request.url}")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name.removesuffix(".workflow.json"))
def test_it_runs_the_fixture_workflow_as_pinned(path: Path) -> None:
    fixture = json.loads(path.read_text())
    http = CannedHttp(fixture.get("http", []))
    credentials = {k: (v[0], v[1]) for k, v in fixture.get("credentials", {}).items()}
    services = MemoryServices(
        credentials=credentials, http=httpx.Client(transport=httpx.MockTransport(http))
    )
    outcome, store, _sink = run_document(fixture["document"], fixture["payload"], services=services)
    expected = fixture["expected"]
    assert outcome.error is None
    assert outcome.status == expected["status"]
    assert outcome.output == expected["output"]
    assert len(http.sent) == len(expected["requests"])
    for sent, wanted in zip(http.sent, expected["requests"], strict=True):
        assert (sent["method"], sent["url"], sent["json"]) == (
            wanted["method"],
            wanted["url"],
            wanted["json"],
        )
        for header, value in wanted.get("headers", {}).items():
            assert sent["request"].headers.get(header) == value
    outputs = {step.node_id: step.outputs or {} for step in store.steps("run-1")}
    for node_id, ports in expected["nodes"].items():
        counts = {port: len(outputs[node_id].get(port, [])) for port in ports}
        assert counts == ports, node_id


def test_it_has_fixtures_to_run() -> None:
    assert len(FIXTURES) >= 3
