"""The admin API: bad input gets a problem body; faults and settings apply at once."""

from __future__ import annotations

import httpx
import pytest

from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


def test_it_answers_bad_admin_input_with_a_problem(wire: Wire) -> None:
    response = wire.admin("POST", "clock", {"advance": -5})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert wire.admin("PUT", "faults", {"bogus": 1}).status_code == 400
    assert wire.admin("POST", "stock", {"itno": "NOPE", "quantity": 1}).status_code == 400


def test_it_applies_an_outage_window_on_its_clock(wire: Wire) -> None:
    now = wire.admin("GET", "clock").json()["epoch"]
    wire.admin("PUT", "faults", {"outage_from": now, "outage_until": now + 60})
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 503
    wire.advance(61)
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 200


def test_it_fails_the_chosen_share_of_calls(wire: Wire) -> None:
    wire.admin("PUT", "faults", {"error_rate": 1.0, "error_status": 500})
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 500


def test_it_switches_the_failed_single_call_status(wire: Wire) -> None:
    assert wire.get("CRS610MI", "GetBasicData", CUNO="NOPE").status_code == 400
    wire.admin("PUT", "settings", {"single_error_status": 200})
    assert wire.get("CRS610MI", "GetBasicData", CUNO="NOPE").status_code == 200


def test_it_reports_its_state(wire: Wire) -> None:
    state = wire.admin("GET", "state").json()
    assert state["items"] >= 300
    assert state["tenant"] == "FERRY_TST"
