"""Infor connections in the backend: the shared token cache and budget installed at start-up,
.ionapi files checked when saved, grants revoked when the file changes or the connection goes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from django.test import Client

from backend.connections import infor_runtime, services
from connectors.infor import runtime
from connectors.infor.budget import SharedMinuteBudget, TokenBucket
from connectors.infor.oauth import MemoryTokenCache
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.shared_cache import SharedTokenCache

pytestmark = pytest.mark.django_db

PROBE = "/FERRY_TST/M3/m3api-rest/v2/execute/MNS150MI/GetCurrentUser"


@pytest.fixture(scope="module")
def tenant() -> Iterator[RunningSandbox]:
    running = RunningSandbox().start()
    yield running
    running.stop()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def ionapi_text(tenant: RunningSandbox, http: httpx.Client) -> str:
    return json.dumps(http.get(f"{tenant.base_url}/ionapi").json())


@pytest.fixture(autouse=True)
def _memory_runtime() -> Iterator[None]:
    infor_runtime.install("")
    yield
    infor_runtime.install("")


def answered(tenant: RunningSandbox, http: httpx.Client, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return http.get(tenant.base_url + PROBE, headers=headers).status_code


def test_it_shares_tokens_and_budget_through_redis_when_there_is_one() -> None:
    assert infor_runtime.install("redis://127.0.0.1:6379/15") == "redis"

    assert isinstance(runtime.token_cache(), SharedTokenCache)
    assert isinstance(runtime.request_budget(), SharedMinuteBudget)


def test_it_keeps_them_in_this_process_when_embedded() -> None:
    assert infor_runtime.install("") == "memory"

    assert isinstance(runtime.token_cache(), MemoryTokenCache)
    assert isinstance(runtime.request_budget(), TokenBucket)


def test_it_names_the_missing_keys_of_an_ionapi_file_when_saved() -> None:
    with pytest.raises(services.InvalidFields) as raised:
        services.save_connection(
            None,
            name="M3",
            credential_type_id="infor.ionapi",
            fields={"ionapi": json.dumps({"ti": "FERRY_TST", "ci": "x"})},
        )

    [problem] = raised.value.problems
    assert problem.field == "ionapi"
    assert "cs" in problem.message
    assert "pu" in problem.message


def test_it_answers_400_naming_the_missing_keys(admin_client: Client) -> None:
    body = {"name": "M3", "credentialType": "infor.ionapi", "fields": {"ionapi": '{"ti": "T"}'}}

    response = admin_client.post("/api/v1/connections/", body, content_type="application/json")

    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert problem["field"] == "fields.ionapi"
    assert problem["message"] == "The .ionapi file lacks the keys ci, cs, iu, pu, ot."


def test_it_revokes_the_old_grant_when_the_file_changes(
    tenant: RunningSandbox, http: httpx.Client, ionapi_text: str
) -> None:
    connection = services.save_connection(
        None, name="M3", credential_type_id="infor.ionapi", fields={"ionapi": ionapi_text}
    )
    token = runtime.tokens_for({"ionapi": ionapi_text}, http).access_token()
    assert answered(tenant, http, token) == 200

    services.save_connection(connection, fields={"ionapi": ionapi_text + "\n"})

    assert answered(tenant, http, token) == 401


def test_it_keeps_the_grant_when_only_the_name_changes(
    tenant: RunningSandbox, http: httpx.Client, ionapi_text: str
) -> None:
    connection = services.save_connection(
        None, name="M3", credential_type_id="infor.ionapi", fields={"ionapi": ionapi_text}
    )
    token = runtime.tokens_for({"ionapi": ionapi_text}, http).access_token()

    services.save_connection(connection, name="M3 production", fields={"company": "100"})

    assert answered(tenant, http, token) == 200


def test_it_revokes_the_grant_when_the_connection_is_deleted(
    tenant: RunningSandbox, http: httpx.Client, ionapi_text: str, admin_client: Client
) -> None:
    connection = services.save_connection(
        None, name="M3", credential_type_id="infor.ionapi", fields={"ionapi": ionapi_text}
    )
    token = runtime.tokens_for({"ionapi": ionapi_text}, http).access_token()

    response = admin_client.delete(f"/api/v1/connections/{connection.pk}/")

    assert response.status_code == 204
    assert answered(tenant, http, token) == 401
