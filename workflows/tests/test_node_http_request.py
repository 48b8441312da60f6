"""The HTTP request node calls the URL per item, authenticates, and classifies failures."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx
import pytest

from workflows.credentials import HttpBearerAuth
from workflows.nodes.http_request import HttpRequest
from workflows.sdk import ErrorClass, NodeContext, NodeError
from workflows.testing import execute_node

Handler = Callable[[httpx.Request], httpx.Response]


def _ctx(handler: Handler, **fields: object) -> NodeContext:
    client = httpx.Client(transport=httpx.MockTransport(handler))
    return NodeContext("r", "w", "http", http=client, **fields)  # type: ignore[arg-type]


def _fail(status: int, method: str = "GET", **headers: str) -> NodeError:
    ctx = _ctx(lambda request: httpx.Response(status, headers=headers, text="nope"))
    config = {"method": method, "url": "'https://api.example.com/x'"}
    with pytest.raises(NodeError) as caught:
        execute_node(HttpRequest, config, [{}], ctx=ctx)
    return caught.value


def test_it_calls_the_url_per_item_and_parses_json() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"id": request.url.params["id"]})

    config = {"url": "'https://api.example.com/orders'", "query": "{'id': ref}"}
    out = execute_node(HttpRequest, config, [{"ref": "A"}, {"ref": "B"}], ctx=_ctx(handler))
    assert seen == ["https://api.example.com/orders?id=A", "https://api.example.com/orders?id=B"]
    assert [item["body"] for item in out["main"]] == [{"id": "A"}, {"id": "B"}]
    assert out["main"][0]["status"] == 200


def test_it_sends_a_json_body_from_jsonata_with_headers() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, text="created")

    config = {
        "method": "POST",
        "url": "'https://api.example.com/orders'",
        "headers": {"X-Shop": "eu"},
        "bodyMode": "jsonata",
        "body": "{'reference': ref}",
    }
    out = execute_node(HttpRequest, config, [{"ref": "A"}], ctx=_ctx(handler))
    assert json.loads(sent[0].content) == {"reference": "A"}
    assert sent[0].headers["X-Shop"] == "eu"
    assert out["main"][0]["body"] == "created"


def test_it_authenticates_with_the_connection() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"auth": request.headers.get("Authorization")})

    ctx = _ctx(handler, credential_type=HttpBearerAuth(), credentials={"token": "t0k"})
    out = execute_node(HttpRequest, {"url": "'https://api.example.com'"}, [{}], ctx=ctx)
    assert out["main"][0]["body"] == {"auth": "Bearer t0k"}


@pytest.mark.parametrize(
    ("status", "error_class", "retryable"),
    [
        (401, ErrorClass.AUTH, False),
        (403, ErrorClass.AUTH, False),
        (404, ErrorClass.NOT_FOUND, False),
        (409, ErrorClass.CONFLICT, False),
        (422, ErrorClass.VALIDATION, False),
        (429, ErrorClass.RATE_LIMIT, True),
        (500, ErrorClass.CONNECTION, True),
        (503, ErrorClass.CONNECTION, True),
    ],
)
def test_it_classifies_error_statuses(
    status: int, error_class: ErrorClass, retryable: bool
) -> None:
    error = _fail(status)
    assert error.code == f"http.status_{status}"
    assert error.error_class == error_class
    assert error.retryable is retryable
    assert error.details["body"] == "nope"


def test_it_passes_on_retry_after() -> None:
    assert _fail(429, **{"Retry-After": "30"}).retry_after == 30
    assert _fail(503, **{"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}).retry_after == 0


def test_it_does_not_retry_a_post_whose_outcome_is_unknown() -> None:
    assert _fail(500, method="POST").retryable is False
    assert _fail(504, method="POST").retryable is False
    assert _fail(503, method="POST").retryable is True
    assert _fail(429, method="POST").retryable is True


def test_it_retries_a_connection_that_never_opened() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    config = {"method": "POST", "url": "'https://api.example.com'"}
    with pytest.raises(NodeError) as caught:
        execute_node(HttpRequest, config, [{}], ctx=_ctx(handler))
    assert caught.value.code == "http.connection"
    assert caught.value.retryable is True


def test_it_reports_a_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(NodeError) as caught:
        execute_node(HttpRequest, {"url": "'https://api.example.com'"}, [{}], ctx=_ctx(handler))
    assert caught.value.code == "http.timeout"
    assert caught.value.error_class == ErrorClass.TIMEOUT
    assert caught.value.retryable is True


def test_it_refuses_a_url_expression_that_gives_no_text() -> None:
    ctx = _ctx(lambda request: httpx.Response(200))
    with pytest.raises(NodeError) as caught:
        execute_node(HttpRequest, {"url": "missing"}, [{}], ctx=ctx)
    assert caught.value.code == "http.invalid_url"


def test_it_applies_the_deadline_as_the_request_timeout() -> None:
    timeouts: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"])
        return httpx.Response(204)

    ctx = _ctx(handler, deadline=time.monotonic() + 5)
    execute_node(HttpRequest, {"url": "'https://api.example.com'"}, [{}], ctx=ctx)
    [timeout] = timeouts
    assert isinstance(timeout, dict)
    assert 0 < timeout["read"] <= 5
