"""The gateway's statuses: what is transient, what is permanent, and the request budget."""

from __future__ import annotations

import httpx
import pytest

from connectors.infor.budget import SharedMinuteBudget, TokenBucket
from connectors.infor.gateway import GatewayError, retry_after
from connectors.infor.tests.tenant import ScriptedTenant

PATH = "M3/m3api-rest/v2/execute/CRS610MI/GetBasicData"


def test_it_sends_the_bearer_token_to_the_tenants_path() -> None:
    tenant = ScriptedTenant()
    tenant.json("/GetBasicData", {"results": []})
    tenant.gateway().request("GET", PATH, params={"CUNO": "A1"})
    call = tenant.calls("/GetBasicData")[0]
    assert call.headers["Authorization"] == "Bearer token-1"
    assert str(call.url) == f"https://ionapi.example.test/FERRY_TST/{PATH}?CUNO=A1"


def test_it_retries_once_with_a_new_token_after_a_401() -> None:
    tenant = ScriptedTenant()
    tenant.answer("/GetBasicData", httpx.Response(401))
    tenant.json("/GetBasicData", {"results": []})
    assert tenant.gateway().request("GET", PATH).status_code == 200
    assert [c.headers["Authorization"] for c in tenant.calls("/GetBasicData")] == [
        "Bearer token-1",
        "Bearer token-2",
    ]


def test_it_gives_up_with_a_clear_message_on_a_second_401() -> None:
    tenant = ScriptedTenant()
    tenant.answer("/GetBasicData", httpx.Response(401), httpx.Response(401))
    with pytest.raises(GatewayError) as caught:
        tenant.gateway().request("GET", PATH)
    assert caught.value.status == 401
    assert not caught.value.transient
    assert "authorized app" in caught.value.message


@pytest.mark.parametrize(
    ("status", "words"), [(403, "entitled"), (404, "not deployed"), (405, "method")]
)
def test_it_treats_refusals_as_permanent(status: int, words: str) -> None:
    tenant = ScriptedTenant()
    tenant.answer("/GetBasicData", httpx.Response(status))
    with pytest.raises(GatewayError) as caught:
        tenant.gateway().request("GET", PATH)
    assert not caught.value.transient
    assert words in caught.value.message


@pytest.mark.parametrize("status", [429, 503, 504])
def test_it_treats_quota_and_availability_as_transient(status: int) -> None:
    tenant = ScriptedTenant()
    tenant.answer("/GetBasicData", httpx.Response(status, headers={"Retry-After": "7"}))
    with pytest.raises(GatewayError) as caught:
        tenant.gateway().request("GET", PATH)
    assert caught.value.transient
    assert caught.value.retry_after == 7.0


def test_it_passes_an_m3_400_through_to_the_m3_layer() -> None:
    tenant = ScriptedTenant()
    tenant.json("/GetBasicData", {"errorMessage": "x"}, status=400)
    assert tenant.gateway().request("GET", PATH).status_code == 400


def test_it_reads_retry_after_as_an_http_date() -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_it_refuses_to_send_when_the_budget_is_spent() -> None:
    tenant = ScriptedTenant()
    tenant.json("/GetBasicData", {"results": []})
    gateway = tenant.gateway()
    now = [0.0]
    gateway.budget = TokenBucket(per_minute=60, burst=1, clock=lambda: now[0])
    gateway.request("GET", PATH)
    with pytest.raises(GatewayError) as caught:
        gateway.request("GET", PATH)
    assert caught.value.kind == "budget"
    assert caught.value.retry_after == pytest.approx(1.0)
    assert not caught.value.request_sent
    assert len(tenant.calls("/GetBasicData")) == 1


def test_it_refills_the_budget_per_tenant_over_time() -> None:
    now = [0.0]
    bucket = TokenBucket(per_minute=120, burst=2, clock=lambda: now[0])
    assert [bucket.take("A"), bucket.take("A")] == [0.0, 0.0]
    assert bucket.take("A") == pytest.approx(0.5)
    assert bucket.take("B") == 0.0
    now[0] = 0.5
    assert bucket.take("A") == 0.0


def test_it_reports_an_unreachable_gateway_as_transient_and_unsent() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("token.oauth2"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 60})
        raise httpx.ConnectError("refused", request=request)

    tenant = ScriptedTenant()
    gateway = tenant.gateway()
    gateway.http = httpx.Client(transport=httpx.MockTransport(refuse))
    gateway.tokens.http = gateway.http
    with pytest.raises(GatewayError) as caught:
        gateway.request("GET", PATH)
    assert caught.value.transient
    assert caught.value.kind == "connection"
    assert not caught.value.request_sent


class Counters:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.expiries: dict[str, int] = {}

    def incr(self, key: str) -> int:
        self.values[key] = self.values.get(key, 0) + 1
        return self.values[key]

    def expire(self, key: str, seconds: int) -> None:
        self.expiries[key] = seconds


def test_it_shares_a_minute_budget_between_workers_through_counters() -> None:
    counters, now = Counters(), [120.0]
    workers = [SharedMinuteBudget(counters, per_minute=3, clock=lambda: now[0]) for _ in range(2)]
    spent = [workers[i % 2].take("FERRY_TST") for i in range(4)]
    assert spent[:3] == [0.0, 0.0, 0.0]
    assert spent[3] == pytest.approx(60.0)
    assert counters.expiries == {"ferry:infor.budget:FERRY_TST:2": 120}
    now[0] = 180.0
    assert workers[0].take("FERRY_TST") == 0.0
