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
                "idempotencyKey": {
                    "type": "string",
                    "title": "Idempotency key (JSONata)",
                    "description": "Makes a POST, PUT, PATCH or DELETE happen once per key "
                    "whatever retries or crashes occur, e.g. 'order:' & id & ':' & revision. "
                    "Sent as the Idempotency-Key header.",
                    "default": "",
                },
                "reconcileUrl": {
                    "type": "string",
                    "title": "Check URL (JSONata)",
                    "description": "After an uncertain call (a timeout after sending), Ferry "
                    "GETs this URL: 2xx means the effect exists, 404 that it does not. Empty: "
                    "an uncertain call waits for a person.",
                    "default": "",
                },
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
            "idempotencyKey": {"widget": "jsonata", "placeholder": "'order:' & id"},
            "reconcileUrl": {
                "widget": "jsonata",
                "placeholder": "'https://api.example.com/orders/' & id",
            },
            "connection": {"widget": "credentials", "credentialTypes": HTTP_CREDENTIAL_TYPES},
        },
        outputs=(MAIN_OUT, ERROR_OUT),
        retry=RetryPolicy(maximum_attempts=3, initial_interval=2.0),
        timeout_s=30.0,
        # Only GET-like calls are safe to repeat; the node marks errors retryable accordingly.
        side_effects="unsafe",
        expression_fields=("url", "query", "body", "idempotencyKey", "reconcileUrl"),
    )

    def execute(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> NodeResult:
        if ctx.http is None:
            raise NodeError("http.no_client", "No HTTP client was given to the node.")
        http = ctx.http
        responses = []
        for index, item in enumerate(inputs.get("main", [])):
            request = self._request(ctx, http, item, index)
            key = self._effect_key(ctx, request, item, index)
            if key is None:
                described = _describe(self._send(http, request))
            else:
                described = self._send_once(ctx, http, request, key, item, index)
            responses.append(Item(described, item.source_node, item.source_index))
        return NodeResult.on("main", responses)

    def _send_once(
        self,
        ctx: NodeContext,
        http: httpx.Client,
        request: httpx.Request,
        key: str,
        item: Item,
        index: int,
    ) -> dict[str, Any]:
        return ctx.once(
            key,
            f"{request.method} {request.url.copy_with(query=None)}",
            {"method": request.method, "url": str(request.url)},
            lambda: _describe(self._send(http, request, guarded=True)),
            lambda _key, _request: self._check(ctx, http, item, index),
        )

    def preview(self, ctx: NodeContext, inputs: dict[str, list[Item]]) -> list[Any]:
        """The requests the node would send, per item, without their credentials."""
        http = httpx.Client()
        previews = []
        for index, item in enumerate(inputs.get("main", [])):
            request = self._request(ctx, http, item, index, authenticate=False)
            body: Any = request.content.decode() if request.content else None
            if body and "json" in request.headers.get("Content-Type", ""):
                body = json.loads(body)
            previews.append({"method": request.method, "url": str(request.url), "body": body})
        return previews

    def _effect_key(
        self, ctx: NodeContext, request: httpx.Request, item: Item, index: int
    ) -> str | None:
        """The call's idempotency key, when it changes something and the config names one."""
        if request.method in SAFE_METHODS or not self.config.get("idempotencyKey"):
            return None
        value = self._value(ctx, "idempotencyKey", item, index)
        if value is None or value == "":
            raise NodeError(
                "http.invalid_idempotency_key",
                f"The idempotency key expression gave nothing for item {index}.",
                error_class=ErrorClass.VALIDATION,
                field="idempotencyKey",
            )
        key = ctx.effect_key(ctx.workflow_id, ctx.node_id, str(value))
        request.headers["Idempotency-Key"] = str(value)
        return key

    def _check(
        self, ctx: NodeContext, http: httpx.Client, item: Item, index: int
    ) -> dict[str, Any] | None:
        """Reconcile: GET the check URL; 2xx is the effect's record, 404 means it never
        happened."""
        if not self.config.get("reconcileUrl"):
            raise NotImplementedError
        url = self._value(ctx, "reconcileUrl", item, index)
        request = http.build_request("GET", str(url))
        if ctx.credential_type is not None:
            request = ctx.credential_type.authenticate(request, ctx.credentials or {})
        try:
            response = self._send(http, request)
        except NodeError as error:
            if (error.details or {}).get("status") == 404:
                return None
            raise
        return _describe(response)

    def _request(
        self,
        ctx: NodeContext,
        http: httpx.Client,
        item: Item,
        index: int,
        *,
        authenticate: bool = True,
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
        if authenticate and ctx.credential_type is not None:
            request = ctx.credential_type.authenticate(request, ctx.credentials or {})
        return request

    def _value(self, ctx: NodeContext, field: str, item: Item, index: int) -> Any:
        expression = compile_field(self.config[field], field)
        return evaluate(expression, item.json, ctx, field=field, index=index)

    def _send(
        self, http: httpx.Client, request: httpx.Request, *, guarded: bool = False
    ) -> httpx.Response:
        """Send and classify failures. ``guarded`` calls go through the effect ledger, so even
        an uncertain failure may be retried: the retry reconciles before sending again."""
        safe = request.method in SAFE_METHODS or guarded
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
