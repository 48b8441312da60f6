"""The admin API: fault injection, the clock, signed webhooks, reset."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from connectors.prestashop.sandbox.seed_recorded import KEY_ALL
from connectors.prestashop.sandbox.server import RunningSandbox
from connectors.prestashop.sandbox.webhooks import WebhookSender, payload, sign

AUTH = (KEY_ALL, "")


def history_body(order: int, state: int) -> str:
    history = f"<id_order>{order}</id_order><id_order_state>{state}</id_order_state>"
    return f"<prestashop><order_history>{history}</order_history></prestashop>"


def test_it_injects_429_with_retry_after_on_one_resource(recorded_sandbox: RunningSandbox) -> None:
    url = recorded_sandbox.url
    httpx.post(f"{url}/admin/faults", json={"resource": "orders", "retryAfter": 30, "count": 1})
    limited = httpx.get(f"{url}/api/orders", auth=AUTH)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "30"
    assert httpx.get(f"{url}/api/products", auth=AUTH).status_code == 200
    assert httpx.get(f"{url}/api/orders", auth=AUTH).status_code == 200


def test_it_injects_5xx_401_and_timeouts(recorded_sandbox: RunningSandbox) -> None:
    url = recorded_sandbox.url
    httpx.post(
        f"{url}/admin/faults", json={"resource": "customers", "errorRate": 1, "errorStatus": 502}
    )
    assert httpx.get(f"{url}/api/customers", auth=AUTH).status_code == 502
    httpx.delete(f"{url}/admin/faults")
    httpx.post(f"{url}/admin/faults", json={"resource": "orders", "unauthorized": True, "count": 1})
    denied = httpx.get(f"{url}/api/orders", auth=AUTH)
    assert denied.status_code == 401
    assert denied.headers["PSWS-Version"] == "0"
    httpx.post(f"{url}/admin/faults", json={"resource": "carriers", "timeout": 0.5, "count": 1})
    try:
        httpx.get(f"{url}/api/carriers", auth=AUTH, timeout=0.1)
        raise AssertionError("expected a timeout")
    except httpx.TimeoutException:
        pass


def test_it_moves_the_shop_clock(recorded_sandbox: RunningSandbox) -> None:
    url = recorded_sandbox.url
    httpx.post(f"{url}/admin/clock", json={"freeze": 1_800_000_000})
    moved = httpx.post(f"{url}/admin/clock", json={"advance": 3600}).json()
    assert moved["epoch"] == 1_800_003_600
    body = history_body(1, 2)
    created = httpx.post(f"{url}/api/order_histories", auth=AUTH, content=body)
    assert "2027-01-15 10:00:00" in created.text


def test_it_sends_signed_webhooks_until_acknowledged() -> None:
    seen: list[httpx.Request] = []
    answers = iter([503, 200])

    def receiver(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(next(answers))

    sender = WebhookSender(url="http://ferry.test/hooks/abc", secret="s3cret")
    sender.enqueue(payload("order.status_changed", "order", 5, {"current_state": "2"}, {"id": 1}))
    client = httpx.Client(transport=httpx.MockTransport(receiver))
    assert sender.flush(client, now=1_700_000_000) == 0
    assert sender.flush(client, now=1_700_000_000) == 1
    assert sender.outbox == []
    request = seen[-1]
    expected = hmac.new(b"s3cret", b"1700000000." + request.content, hashlib.sha256).hexdigest()
    assert request.headers["X-Ferry-Signature"] == f"t=1700000000,v1={expected}"
    assert request.headers["X-Ferry-Event-Id"] == json.loads(request.content)["id"]
    assert sign("s3cret", 1700000000, request.content) == request.headers["X-Ferry-Signature"]


def test_it_turns_shop_changes_into_webhook_events(recorded_sandbox: RunningSandbox) -> None:
    url = recorded_sandbox.url
    httpx.post(
        f"{url}/admin/webhooks", json={"url": "http://127.0.0.1:9/unreachable", "secret": "x"}
    )
    body = history_body(3, 2)
    httpx.post(f"{url}/api/order_histories", auth=AUTH, content=body)
    assert httpx.get(f"{url}/admin/state").json()["webhooksWaiting"] == 1
    assert httpx.post(f"{url}/admin/reset").status_code == 200


def test_a_state_change_is_sent_as_the_modules_status_event(
    recorded_sandbox: RunningSandbox,
) -> None:
    url = recorded_sandbox.url
    httpx.post(
        f"{url}/admin/webhooks", json={"url": "http://127.0.0.1:9/unreachable", "secret": "x"}
    )
    httpx.post(f"{url}/api/order_histories", auth=AUTH, content=history_body(3, 2))

    [event] = recorded_sandbox.sandbox.sender.outbox

    assert event["event"] == "order.status_changed"
    assert event["entity"] == {"type": "order", "id": 3}
    assert set(event["data"]) == {"reference", "id_customer", "current_state", "previous_state"}
    assert event["data"]["current_state"] == 2
    assert isinstance(event["data"]["id_customer"], int)
    assert event["data"]["id_customer"] > 0
