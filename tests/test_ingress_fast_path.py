"""The ASGI fast path for webhooks answers like the Django view, and stores deliveries in groups."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from channels.testing import HttpCommunicator

from backend.asgi import application
from backend.ingress.intake import Delivery, check_delivery, store_many
from backend.ingress.models import InboundEvent
from backend.runs.models import Run, RunStatus
from tests.conftest import WorkflowFactory

ORDER = {"reference": "XKBKNABJK", "lines": [{"price": 10}]}


def deliver(
    path: str, body: bytes, method: str = "POST", headers: list[tuple[bytes, bytes]] | None = None
) -> dict[str, Any]:
    sent = headers if headers is not None else [(b"content-type", b"application/json")]

    async def exchange() -> dict[str, Any]:
        response: dict[str, Any] = await HttpCommunicator(
            application, method, path, body=body, headers=sent
        ).get_response(timeout=5)
        return response

    return asyncio.run(exchange())


def header(response: dict[str, Any], name: bytes) -> bytes | None:
    return {key.lower(): value for key, value in response["headers"]}.get(name)


@pytest.mark.django_db(transaction=True)
def test_it_stores_a_delivery_and_answers_202(make_workflow: WorkflowFactory) -> None:
    token = make_workflow().hook_token

    response = deliver(f"/hooks/{token}", json.dumps(ORDER).encode())

    assert response["status"] == 202
    run = Run.objects.get(pk=json.loads(response["body"])["runId"])
    assert (run.status, run.business_key) == (RunStatus.QUEUED, "XKBKNABJK")
    assert InboundEvent.objects.get(run=run).payload == ORDER


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_declared_oversized_body_before_reading_it(
    make_workflow: WorkflowFactory, settings: Any
) -> None:
    settings.FERRY_WEBHOOK_MAX_BYTES = 16
    token = make_workflow().hook_token
    headers = [(b"content-type", b"application/json"), (b"content-length", b"17")]

    response = deliver(f"/hooks/{token}", b"{}", headers=headers)

    assert response["status"] == 413
    assert header(response, b"content-type") == b"application/problem+json"


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_body_that_grows_past_the_limit(
    make_workflow: WorkflowFactory, settings: Any
) -> None:
    settings.FERRY_WEBHOOK_MAX_BYTES = 16
    token = make_workflow().hook_token

    response = deliver(f"/hooks/{token}", json.dumps(ORDER).encode(), headers=[])

    assert response["status"] == 413
    assert Run.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_answers_unknown_tokens_with_a_problem() -> None:
    response = deliver("/hooks/nothing-here", b"{}")

    assert response["status"] == 404
    assert json.loads(response["body"])["title"] == "Not Found"


@pytest.mark.django_db(transaction=True)
def test_it_leaves_other_methods_to_django(make_workflow: WorkflowFactory) -> None:
    token = make_workflow().hook_token

    response = deliver(f"/hooks/{token}", b"", method="GET", headers=[(b"host", b"testserver")])

    assert response["status"] == 405
    assert header(response, b"allow") == b"POST"


@pytest.mark.django_db
def test_it_answers_each_delivery_of_a_group_as_if_it_came_alone(
    make_workflow: WorkflowFactory,
) -> None:
    token = make_workflow().hook_token

    def checked(key: str, body: dict[str, Any]) -> Delivery:
        delivery = check_delivery(token, json.dumps(body).encode(), {"idempotency-key": key})
        assert isinstance(delivery, Delivery)
        return delivery

    [earlier] = store_many([checked("a", ORDER)])
    replies = store_many(
        [checked("a", ORDER), checked("b", ORDER), checked("b", {"again": 1}), checked("c", {})]
    )

    assert [r.status for r in replies] == [200, 202, 200, 202]
    assert replies[0].body["runId"] == earlier.body["runId"]
    assert replies[2].body == {"runId": replies[1].body["runId"], "duplicate": True}
    assert (Run.objects.count(), InboundEvent.objects.count()) == (3, 3)
