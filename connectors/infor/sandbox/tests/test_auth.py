"""The sandbox's authorization server and bearer checks."""

from __future__ import annotations

import base64

import httpx
import pytest

from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire


@pytest.fixture
def wire(sandbox: RunningSandbox, http: httpx.Client) -> Wire:
    return Wire(sandbox, http)


def test_it_hands_out_a_credentials_file_pointing_at_itself(wire: Wire) -> None:
    assert wire.file["iu"] == wire.base
    assert wire.file["pu"] == f"{wire.base}/FERRY_TST/as/"
    assert {"ti", "ci", "cs", "saak", "sask", "ot", "or"} <= set(wire.file)


def test_it_issues_a_jwt_shaped_bearer_token_with_a_refresh_token(wire: Wire) -> None:
    body = wire.grant()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 7200
    assert body["refresh_token"]
    assert body["access_token"].count(".") == 2


def test_it_refuses_wrong_service_account_keys_and_wrong_clients(wire: Wire) -> None:
    assert wire.grant(password="nope")["error"] == "invalid_grant"
    assert wire.grant(client_secret="nope")["status"] == 401
    assert wire.grant(grant_type="implicit")["error"] == "unsupported_grant_type"


def test_it_refreshes_with_basic_client_authentication(wire: Wire) -> None:
    refresh = wire.grant()["refresh_token"]
    basic = base64.b64encode(f"{wire.file['ci']}:{wire.file['cs']}".encode()).decode()
    response = wire.http.post(
        wire.file["pu"] + wire.file["ot"],
        data={"grant_type": "refresh_token", "refresh_token": refresh},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200
    assert response.json()["access_token"]


def test_it_revokes_a_grant_and_its_access_tokens(wire: Wire) -> None:
    body = wire.grant()
    wire.token = body["access_token"]
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 200
    revoke = wire.file["pu"] + wire.file["or"]
    params = {"token": body["refresh_token"], "client_id": wire.file["ci"]}
    wire.http.get(revoke, params={**params, "client_secret": wire.file["cs"]})
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 401
    assert (
        wire.grant(grant_type="refresh_token", refresh_token=body["refresh_token"])["status"] == 400
    )


def test_it_rejects_missing_and_expired_bearer_tokens(wire: Wire) -> None:
    wire.admin("POST", "tokens/expire")
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 401
    url = f"{wire.base}/FERRY_TST/M3/m3api-rest/v2/execute/MNS150MI/GetCurrentUser"
    assert wire.http.get(url).status_code == 401


def test_it_expires_tokens_on_its_own_clock(wire: Wire) -> None:
    wire.admin("POST", "clock", {"advance": 7201})
    assert wire.get("MNS150MI", "GetCurrentUser").status_code == 401
