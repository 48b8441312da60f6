"""Contract: the transport against the sandbox over real HTTP, configured from `GET /ionapi`."""

from __future__ import annotations

import json

import httpx
import pytest

from connectors.infor.budget import TokenBucket
from connectors.infor.credentials import InforIonApi
from connectors.infor.gateway import GatewayError
from connectors.infor.m3 import M3Client
from connectors.infor.oauth import MemoryTokenCache, OAuthError
from connectors.infor.runtime import use_token_cache
from connectors.infor.sandbox.serve import RunningSandbox

USER = ("MNS150MI", "GetCurrentUser")


def test_it_works_from_the_downloaded_credentials_file_alone(
    m3: M3Client, sandbox: RunningSandbox
) -> None:
    assert m3.gateway.ionapi.api_base == f"{sandbox.base_url}/FERRY_TST"
    assert m3.execute(*USER).first()["TEID"] == "FERRY_TST"


def test_it_requests_one_token_for_many_calls(m3: M3Client, sandbox: RunningSandbox) -> None:
    for _ in range(5):
        m3.execute(*USER)
    assert sandbox.world.tokens.issued_count == 1


def test_it_renews_an_expired_token_once_and_carries_on(
    m3: M3Client, sandbox: RunningSandbox
) -> None:
    m3.execute(*USER)
    sandbox.world.tokens.expire_all()
    assert m3.execute(*USER).first()["USER"] == "FERRYSVC"
    assert sandbox.world.tokens.issued_count == 2


def test_it_starts_over_after_revoking_its_grant(m3: M3Client, sandbox: RunningSandbox) -> None:
    m3.execute(*USER)
    m3.gateway.tokens.revoke()
    m3.execute(*USER)
    assert sandbox.world.tokens.issued_count == 2
    assert sum(g.revoked for g in sandbox.world.tokens.grants.values()) == 1


def test_it_uses_client_credentials_when_the_file_has_no_service_account(
    ionapi_file: str, http: httpx.Client
) -> None:
    data = json.loads(ionapi_file)
    del data["saak"], data["sask"]
    use_token_cache(MemoryTokenCache())
    result = InforIonApi().test({"ionapi": json.dumps(data)}, http)
    assert result.ok, result.message


def test_it_reports_tenant_company_and_user_in_the_connection_test(
    ionapi_file: str, http: httpx.Client
) -> None:
    use_token_cache(MemoryTokenCache())
    result = InforIonApi().test({"ionapi": ionapi_file}, http)
    assert result.details == {
        "tenant": "FERRY_TST",
        "company": "100",
        "division": "AAA",
        "user": "FERRYSVC",
    }


def test_it_fails_the_connection_test_with_a_wrong_secret(
    ionapi_file: str, http: httpx.Client
) -> None:
    use_token_cache(MemoryTokenCache())
    result = InforIonApi().test({"ionapi": ionapi_file.replace("sandbox-client-secret", "x")}, http)
    assert not result.ok
    assert "invalid_client" in result.message


@pytest.mark.parametrize("status", [429, 503, 504])
def test_it_reports_quota_and_outages_as_transient(
    m3: M3Client, sandbox: RunningSandbox, status: int
) -> None:
    sandbox.world.faults.next_statuses = [status]
    with pytest.raises(GatewayError) as caught:
        m3.execute(*USER)
    assert caught.value.status == status
    assert caught.value.transient
    assert caught.value.retry_after == (30.0 if status == 429 else None)


def test_it_gets_a_504_when_m3_is_slower_than_the_gateway_timeout(
    m3: M3Client, sandbox: RunningSandbox
) -> None:
    sandbox.world.settings.gateway_timeout = 0.05
    sandbox.world.faults.latency = 0.1
    with pytest.raises(GatewayError) as caught:
        m3.execute(*USER)
    assert caught.value.status == 504


def test_it_hits_the_tenant_quota_as_a_429(m3: M3Client, sandbox: RunningSandbox) -> None:
    sandbox.world.settings.api_calls_per_minute = 2
    m3.execute(*USER)
    m3.execute(*USER)
    with pytest.raises(GatewayError) as caught:
        m3.execute(*USER)
    assert caught.value.status == 429


def test_it_reports_a_wrong_method_as_permanent(m3: M3Client) -> None:
    with pytest.raises(GatewayError) as caught:
        m3.gateway.request("POST", "M3/m3api-rest/v2/execute/MNS150MI/GetCurrentUser")
    assert caught.value.status == 405
    assert not caught.value.transient


def test_it_reports_an_unknown_tenant_path_as_permanent(m3: M3Client) -> None:
    with pytest.raises(GatewayError) as caught:
        m3.gateway.request("GET", "../OTHER_TST/M3/m3api-rest/v2/execute/MNS150MI/GetCurrentUser")
    assert caught.value.status == 404


def test_it_sends_nothing_when_the_budget_is_spent(m3: M3Client, sandbox: RunningSandbox) -> None:
    m3.gateway.budget = TokenBucket(per_minute=1, burst=1)
    m3.execute(*USER)
    with pytest.raises(GatewayError, match="budget"):
        m3.execute(*USER)
    assert sandbox.world.calls == 1


def test_it_stops_at_the_token_quota_of_the_service_account(
    ionapi_file: str, http: httpx.Client, sandbox: RunningSandbox
) -> None:
    from connectors.infor.ionapi import parse_ionapi
    from connectors.infor.oauth import TokenProvider

    sandbox.world.settings.token_requests_per_minute = 1
    ionapi = parse_ionapi(ionapi_file)
    TokenProvider(ionapi, http, MemoryTokenCache()).access_token()
    with pytest.raises(OAuthError) as caught:
        TokenProvider(ionapi, http, MemoryTokenCache()).access_token()
    assert caught.value.status == 429
    assert caught.value.transient


def test_it_revokes_the_connections_grant_when_the_credentials_change(
    ionapi_file: str, http: httpx.Client, sandbox: RunningSandbox
) -> None:
    use_token_cache(MemoryTokenCache())
    fields = {"ionapi": ionapi_file}
    assert InforIonApi().test(fields, http).ok
    InforIonApi().revoke(fields, http)
    assert [g.revoked for g in sandbox.world.tokens.grants.values()] == [True]


def test_it_runs_the_connection_test_in_the_configured_company(
    ionapi_file: str, http: httpx.Client
) -> None:
    use_token_cache(MemoryTokenCache())
    result = InforIonApi().test({"ionapi": ionapi_file, "company": "200"}, http)
    assert not result.ok
    assert "XAU0008" in result.message
