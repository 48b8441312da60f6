"""OAuth: grants, one cached token, refresh before expiry and after a 401, revocation."""

from __future__ import annotations

import base64

import httpx
import pytest

from connectors.infor.ionapi import parse_ionapi
from connectors.infor.oauth import MemoryTokenCache, OAuthError, TokenProvider
from connectors.infor.tests.samples import ionapi_text
from connectors.infor.tests.tenant import ScriptedTenant


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def provider(
    tenant: ScriptedTenant,
    cache: MemoryTokenCache | None = None,
    clock: Clock | None = None,
    **k: str | None,
) -> TokenProvider:
    return TokenProvider(
        parse_ionapi(ionapi_text(**k)),
        tenant.client(),
        cache or MemoryTokenCache(),
        clock=clock or Clock(),
    )


def basic_of(request: httpx.Request) -> str:
    return base64.b64decode(request.headers["Authorization"].split()[1]).decode()


def test_it_sends_the_service_account_keys_in_a_password_grant() -> None:
    tenant = ScriptedTenant()
    assert provider(tenant).access_token() == "token-1"
    form = tenant.form(tenant.requests[0])
    assert form["grant_type"] == "password"
    assert form["username"] == "FERRY_TST#ServiceAccessKey"
    assert form["password"] == "ServiceSecretKey"
    assert form["client_id"] == "FERRY_TST~client0123456789"
    assert b"FERRY_TST%23ServiceAccessKey" in tenant.requests[0].content


def test_it_uses_client_credentials_without_service_account_keys() -> None:
    tenant = ScriptedTenant()
    provider(tenant, saak=None, sask=None).access_token()
    form = tenant.form(tenant.requests[0])
    assert form["grant_type"] == "client_credentials"
    assert "username" not in form


def test_it_requests_one_token_for_many_calls_and_workers() -> None:
    tenant = ScriptedTenant()
    cache = MemoryTokenCache()
    tokens = [provider(tenant, cache).access_token() for _ in range(20)]
    assert set(tokens) == {"token-1"}
    assert tenant.issued == 1


def test_it_refreshes_shortly_before_expiry_with_the_refresh_token() -> None:
    tenant, clock = ScriptedTenant(), Clock()
    tokens = provider(tenant, clock=clock)
    tokens.access_token()
    clock.now += 7200 - 299
    assert tokens.access_token() == "token-2"
    refresh = tenant.requests[-1]
    assert tenant.form(refresh) == {"grant_type": "refresh_token", "refresh_token": "refresh-1"}
    assert basic_of(refresh) == "FERRY_TST~client0123456789:client-secret-value"


def test_it_falls_back_to_the_grant_when_the_refresh_token_is_refused() -> None:
    tenant, clock = ScriptedTenant(), Clock()
    tokens = provider(tenant, clock=clock)
    tokens.access_token()
    clock.now += 8000
    tenant.token_response = lambda n: (
        httpx.Response(400, json={"error": "invalid_grant"})
        if n == 2
        else httpx.Response(200, json={"access_token": f"token-{n}", "expires_in": "3600"})
    )
    assert tokens.access_token() == "token-3"
    assert tenant.form(tenant.requests[-1])["grant_type"] == "password"


def test_it_renews_once_after_a_rejection_unless_another_worker_already_did() -> None:
    tenant = ScriptedTenant()
    cache = MemoryTokenCache()
    first, second = provider(tenant, cache), provider(tenant, cache)
    first.access_token()
    assert first.renew_after_rejection("token-1") == "token-2"
    assert second.renew_after_rejection("token-1") == "token-2"
    assert tenant.issued == 2


def test_it_revokes_the_refresh_token_and_forgets_it() -> None:
    tenant = ScriptedTenant()
    tokens = provider(tenant)
    tokens.access_token()
    tokens.revoke()
    revoke = tenant.requests[-1]
    assert revoke.url.path.endswith("/revoke_token.oauth2")
    assert tenant.form(revoke) == {"token": "refresh-1", "token_type_hint": "refresh_token"}
    assert tokens.access_token() == "token-2"


def test_it_reports_a_refused_grant_as_permanent_with_the_servers_words() -> None:
    tenant = ScriptedTenant()
    tenant.token_response = lambda n: httpx.Response(
        401, json={"error": "invalid_client", "error_description": "Client authentication failed"}
    )
    with pytest.raises(OAuthError) as caught:
        provider(tenant).access_token()
    assert not caught.value.transient
    assert caught.value.error == "invalid_client"
    assert "Client authentication failed" in caught.value.message


def test_it_reads_expires_in_given_as_a_string() -> None:
    tenant, clock = ScriptedTenant(), Clock()
    tenant.token_response = lambda n: httpx.Response(
        200, json={"access_token": f"token-{n}", "expires_in": "600"}
    )
    tokens = provider(tenant, clock=clock)
    tokens.access_token()
    clock.now += 290
    assert tokens.access_token() == "token-1"
    clock.now += 20
    assert tokens.access_token() == "token-2"
