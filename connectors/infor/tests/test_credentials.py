"""The "Infor ION API" connection type: validation and the connection test."""

from __future__ import annotations

import httpx

from connectors.infor import runtime
from connectors.infor.credentials import InforIonApi
from connectors.infor.oauth import MemoryTokenCache
from connectors.infor.tests.samples import envelope, ionapi_text, ok
from connectors.infor.tests.tenant import ScriptedTenant


def test_it_names_the_missing_keys_of_an_uploaded_file() -> None:
    problems = InforIonApi.validate_fields({"ionapi": ionapi_text(pu=None, ci=None)})
    assert problems == {"ionapi": "The .ionapi file lacks the keys ci, pu."}


def test_it_refuses_the_password_grant_without_service_account_keys() -> None:
    fields = {"ionapi": ionapi_text(saak=None, sask=None), "grant": "password"}
    assert "saak" in InforIonApi.validate_fields(fields)["grant"]


def test_it_keeps_the_whole_file_secret() -> None:
    assert InforIonApi.secret_fields == ("ionapi",)
    assert InforIonApi.to_json()["typeId"] == "infor.ionapi"


def test_it_reports_tenant_company_and_user_when_the_test_succeeds() -> None:
    runtime.use_token_cache(MemoryTokenCache())
    tenant = ScriptedTenant()
    tenant.json("/GetCurrentUser", envelope(ok("GetCurrentUser", {"USER": "FERRYSVC"})))
    tenant.json("/GetUserInfo", envelope(ok("GetUserInfo", {"ZDCONO": "100", "ZDDIVI": "AAA"})))
    result = InforIonApi().test({"ionapi": ionapi_text()}, tenant.client())
    assert result.ok
    assert result.details == {
        "tenant": "FERRY_TST",
        "company": "100",
        "division": "AAA",
        "user": "FERRYSVC",
    }


def test_it_reports_why_the_test_failed() -> None:
    runtime.use_token_cache(MemoryTokenCache())
    tenant = ScriptedTenant()
    tenant.token_response = lambda n: httpx.Response(400, json={"error": "invalid_grant"})
    result = InforIonApi().test({"ionapi": ionapi_text()}, tenant.client())
    assert not result.ok
    assert "invalid_grant" in result.message
