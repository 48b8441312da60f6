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


def test_it_refuses_settings_and_faults_of_the_wrong_type(wire: Wire) -> None:
    response = wire.admin("PUT", "faults", {"latency": "slow", "error_rate": 0.5})
    assert response.status_code == 400
    assert "latency" in response.json()["detail"]
    assert wire.admin("GET", "faults").json()["error_rate"] == 0.0
    assert wire.admin("PUT", "settings", {"retry_after": None}).json()["retry_after"] is None
    assert wire.admin("PUT", "settings", {"address_types": [1]}).status_code == 400


def test_it_answers_a_bulk_body_that_is_not_an_object_with_a_400(wire: Wire) -> None:
    url = f"{wire.base}/FERRY_TST/M3/m3api-rest/v2/execute"
    headers = {"Authorization": f"Bearer {wire.token}"}
    response = wire.http.post(url, json=["OIS100MI"], headers=headers)
    assert response.status_code == 400
    assert response.json()["errorType"] == "InvalidRequest"


def test_it_refuses_numbers_m3_would_not_take(wire: Wire) -> None:
    error = wire.error("OIS100MI", "AddBatchLine", ORNO="T1", ITNO="SKU-00001", ORQT="1e400")
    assert error["errorField"] == "ORQT"
    assert wire.get("CRS610MI", "LstByNumber", maxrecs=-1).status_code == 400
    response = wire.admin("POST", "stock", {"itno": "SKU-00001", "quantity": -10_000})
    assert response.status_code == 400
