"""HTTP request: call any JSON API, one request per item, with errors classified for retries."""

from __future__ import annotations

import json
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from workflows.nodes.evaluation import compile_field, evaluate
from workflows.sdk import ErrorClass, Item, Node, NodeContext, NodeError, NodeResult, NodeSpec
from workflows.sdk.retry import RetryPolicy
from workflows.sdk.spec import ERROR_OUT, MAIN_OUT

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HTTP_CREDENTIAL_TYPES = ["core.http.basic", "core.http.bearer", "core.http.header"]
_STATUS_CLASSES = {
    401: ErrorClass.AUTH,
    403: ErrorClass.AUTH,
    404: ErrorClass.NOT_FOUND,
    409: ErrorClass.CONFLICT,
    429: ErrorClass.RATE_LIMIT,
}
# The server refused these before acting, so even a POST may be sent again.
_REFUSED = {429, 503}
_RETRYABLE = {429, 502, 503, 504}
_BODY_SNIPPET = 2000


class HttpRequest(Node):
    spec = NodeSpec(
        type_id="core.http.request",
        version=1,
        display_name="HTTP Request",
        description="Calls a URL for each item and passes on the response.",
        category="HTTP",
        icon="globe",
        kind="action",
        config_schema={
            "type": "object",
            "properties": {
                "method": {"type": "string", "title": "Method", "enum": METHODS, "default": "GET"},
                "url": {
                    "type": "string",
                    "title": "URL (JSONata)",
                    "description": "A JSONata string, e.g. 'https://api.example.com/orders/' & id.",
                    "minLength": 1,
                },
                "query": {
                    "type": "string",
                    "title": "Query parameters (JSONata)",
                    "description": "An object of parameters; empty for none.",
                    "default": "",
                },
                "headers": {
                    "type": "object",
                    "title": "Headers",
                    "additionalProperties": {"type": "string"},
                    "default": {},
                },
                "bodyMode": {
                    "type": "string",
                    "title": "Body",
                    "enum": ["none", "json", "jsonata"],
                    "default": "none",
                },
                "json": {"title": "JSON body", "default": {}},
                "body": {"type": "string", "title": "Body (JSONata)", "default": ""},
            },
            "required": ["method", "url"],
            "additionalProperties": False,
        },
        ui={
            "method": {"widget": "select"},
            "url": {"widget": "jsonata", "placeholder": "'https://api.example.com/items'"},
            "query": {"widget": "jsonata", "placeholder": "{ 'limit': 50 }"},
            "headers": {"widget": "keyValue"},
            "bodyMode": {
                "widget": "select",
                "options": [
                    {"value": "none", "label": "No body"},
                    {"value": "json", "label": "Fixed JSON"},
                    {"value": "jsonata", "label": "Computed by JSONata"},
                ],
            },
            "json": {"widget": "json", "showWhen": {"bodyMode": "json"}},
            "body": {"widget": "jsonata", "showWhen": {"bodyMode": "jsonata"}},
            "connection": {"widget": "credentials", "credentialTypes": HTTP_CREDENTIAL_TYPES},
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=2.0),
        timeout_s=30.0,
        # Only GET-like calls are safe to repeat; the node marks errors retryable accordingly.
        side_effects="unsafe",
        expression_fields=("url", "query", "body"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        if ctx.http is None:
            raise NodeError("http.no_client", "No HTTP client was given to the node.")
        responses = []
        for index, item in enumerate(inputs.get("main", [])):
            request = self._request(ctx, ctx.http, item, index)
            response = self._send(ctx.http, request)
            responses.append(Item(_describe(response), item.source_node, item.source_index))
        return NodeResult.on("main", responses)

    def _request(
        self, ctx: NodeContext, http: httpx.Client, item: Item, index: int
    ) -> httpx.Request:
        url = self._value(ctx, "url", item, index)
        if not isinstance(url, str) or not url:
            raise NodeError(
                "http.invalid_url",
                f"The URL expression gave {url!r} for item {index}, not a URL.",
                error_class=ErrorClass.VALIDATION,
                field="url",
            )
        query = self._value(ctx, "query", item, index) if self.config.get("query") else None
        if query is not None and not isinstance(query, dict):
            raise NodeError(
                "http.invalid_query",
                f"The query expression must give an object, got {type(query).__name__}.",
                error_class=ErrorClass.VALIDATION,
                field="query",
            )
        mode = self.config.get("bodyMode", "none")
        body: Any = None
        if mode == "json":
            body = self.config.get("json")
        elif mode == "jsonata":
            body = self._value(ctx, "body", item, index)
        remaining = ctx.remaining()
        request = http.build_request(
            self.config["method"],
            url,
            params=query,
            headers=self.config.get("headers") or None,
            json=body if mode != "none" else None,
            timeout=remaining if remaining is not None else httpx.USE_CLIENT_DEFAULT,
        )
        if ctx.credential_type is not None:
            request = ctx.credential_type.authenticate(request, ctx.credentials or {})
        return request

    def _value(self, ctx: NodeContext, field: str, item: Item, index: int) -> Any:
        expression = compile_field(self.config[field], field)
        return evaluate(expression, item.json, ctx, field=field, index=index)

    def _send(self, http: httpx.Client, request: httpx.Request) -> httpx.Response:
        safe = request.method in SAFE_METHODS
        target = f"{request.method} {request.url.copy_with(query=None)}"
        try:
            response = http.send(request)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise NodeError(
                "http.connection",
                f"Could not connect for {target}: {exc}.",
                retryable=True,
                error_class=ErrorClass.CONNECTION,
                details={"requestSent": False},
            )
        except httpx.TimeoutException:
            raise NodeError(
                "http.timeout",
                f"{target} timed out.",
                retryable=safe,
                error_class=ErrorClass.TIMEOUT,
                details={"requestSent": True},
            )
        except httpx.TransportError as exc:
            raise NodeError(
                "http.connection",
                f"{target} failed: {exc}.",
                retryable=safe,
                error_class=ErrorClass.CONNECTION,
                details={"requestSent": True},
            )
        if response.status_code >= 400:
            raise _status_error(target, response, safe)
        return response


def _status_error(target: str, response: httpx.Response, safe: bool) -> NodeError:
    status = response.status_code
    if status >= 500:
        error_class = _STATUS_CLASSES.get(status, ErrorClass.CONNECTION)
        retryable = status in _REFUSED or safe
    else:
        error_class = _STATUS_CLASSES.get(status, ErrorClass.VALIDATION)
        retryable = status in _REFUSED
    retry_after = _retry_after(response) if status in _RETRYABLE else None
    return NodeError(
        f"http.status_{status}",
        f"{target} answered {status} {response.reason_phrase}.",
        retryable=retryable,
        error_class=error_class,
        retry_after=retry_after,
        details={"status": status, "body": response.text[:_BODY_SNIPPET]},
    )


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header, given as seconds or as an HTTP date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _describe(response: httpx.Response) -> dict[str, Any]:
    body: Any = response.text
    if "json" in response.headers.get("Content-Type", "") and response.content:
        try:
            body = response.json()
        except json.JSONDecodeError:
            body = response.text
    return {"status": response.status_code, "headers": dict(response.headers), "body": body}
