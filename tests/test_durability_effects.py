"""Exactly-once effects in the engine: the ledger, reconcile, and the HTTP node's key."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from workflows.run_store import MemoryRunStore
from workflows.sdk import NodeContext, NodeError
from workflows.sdk.effects import effect_key
from workflows.testing import MemoryLedger, MemoryServices, document, edge, node, run_document

TRIGGER = node("hook", "core.trigger.webhook")


def _ctx(ledger: MemoryLedger) -> NodeContext:
    return NodeContext("r", "w", "n", effects=ledger)


def test_it_builds_the_same_key_from_the_same_parts() -> None:
    assert effect_key("shop", "order-7", 3, "create") == "shop:order-7:3:create"
    assert effect_key("x", {"b": 1, "a": 2}) == effect_key("x", {"a": 2, "b": 1})
    with pytest.raises(ValueError, match="at least one part"):
        effect_key()


def test_it_performs_an_effect_once_and_returns_the_record_afterwards() -> None:
    ledger, calls = MemoryLedger(), []
    ctx = _ctx(ledger)

    def perform() -> dict[str, Any]:
        calls.append(1)
        return {"id": len(calls)}

    assert ctx.once("k", "create", {"a": 1}, perform) == {"id": 1}
    assert ctx.once("k", "create", {"a": 1}, perform) == {"id": 1}
    assert calls == [1]
    assert ledger.status("k") == "done"


def test_it_asks_the_target_after_an_uncertain_outcome() -> None:
    ledger = MemoryLedger()
    ledger.begin("k", "create", {})  # an earlier attempt died after sending
    ctx = _ctx(ledger)

    found = ctx.once("k", "create", {}, lambda: {"id": "again"}, lambda key, req: {"id": "first"})

    assert found == {"id": "first"}
    assert ledger.rows["k"]["outcome"] == {"id": "first"}


def test_it_parks_an_uncertain_effect_nobody_can_check() -> None:
    ledger = MemoryLedger()
    ledger.begin("k", "create", {})
    with pytest.raises(NodeError) as caught:
        _ctx(ledger).once("k", "create", {}, lambda: {"id": "again"})
    assert caught.value.code == "effect.uncertain"
    assert caught.value.retryable is False
    assert caught.value.details["needsPerson"] is True


def test_it_begins_again_after_a_refusal_that_certainly_did_nothing() -> None:
    ledger = MemoryLedger()
    ctx = _ctx(ledger)

    def refused() -> dict[str, Any]:
        raise NodeError("http.status_503", "busy", retryable=True, details={"status": 503})

    with pytest.raises(NodeError):
        ctx.once("k", "create", {}, refused)
    assert ledger.status("k") == "failed"
    assert ctx.once("k", "create", {}, lambda: {"id": 2}) == {"id": 2}


class Target:
    """An order API whose first POST is applied but its answer lost (a timeout)."""

    def __init__(self) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        self.posts = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            key = request.url.path.rsplit("/", 1)[-1]
            if key in self.orders:
                return httpx.Response(200, json=self.orders[key])
            return httpx.Response(404)
        self.posts += 1
        key = request.headers["Idempotency-Key"]
        self.orders[key] = {"id": key}
        if self.posts == 1:
            raise httpx.ReadTimeout("lost answer", request=request)
        return httpx.Response(201, json=self.orders[key])


def _post_doc(reconcile: bool) -> dict[str, Any]:
    config = {
        "method": "POST",
        "url": "'https://erp.test/orders'",
        "bodyMode": "jsonata",
        "body": "{'ref': ref}",
        "idempotencyKey": "'order-' & ref",
        "reconcileUrl": "'https://erp.test/orders/order-' & ref" if reconcile else "",
    }
    return document(
        [TRIGGER, node("post", "core.http.request", config, retry={"initialInterval": 0})],
        [edge("hook", "post")],
    )


def _run_twice(reconcile: bool) -> tuple[Any, Target]:
    target = Target()
    services = MemoryServices(
        http=httpx.Client(transport=httpx.MockTransport(target)), ledger=MemoryLedger()
    )
    store = MemoryRunStore()
    first, _, _ = run_document(_post_doc(reconcile), {"ref": "A1"}, services=services, store=store)
    assert first.status == "waiting"  # the timeout is retryable: the ledger guards the POST
    second, _, _ = run_document(_post_doc(reconcile), {"ref": "A1"}, services=services, store=store)
    return second, target


def test_it_does_not_post_again_when_the_check_url_finds_the_effect() -> None:
    outcome, target = _run_twice(reconcile=True)
    assert outcome.status == "succeeded"
    assert target.posts == 1
    assert outcome.output[0]["body"] == {"id": "order-A1"}


def test_it_parks_an_uncertain_post_without_a_check_url() -> None:
    outcome, target = _run_twice(reconcile=False)
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error["code"] == "effect.uncertain"
    assert target.posts == 1


def test_it_sends_the_idempotency_key_header() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Idempotency-Key", ""))
        return httpx.Response(201, json={})

    services = MemoryServices(
        http=httpx.Client(transport=httpx.MockTransport(handler)), ledger=MemoryLedger()
    )
    outcome, _, _ = run_document(_post_doc(True), {"ref": "B2"}, services=services)
    assert outcome.status == "succeeded"
    assert seen == ["order-B2"]
    assert services.ledger is not None
    assert services.ledger.status("workflow-1:post:order-B2") == "done"
