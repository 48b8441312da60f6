"""ION BODs over HTTP: the Infor sandbox publishes Sync BODs to a workflow's hook URL, each
stored once (by BODID) with its queued run, read by the Infor BOD trigger."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from backend.ingress.models import InboundEvent
from backend.runs.execution import execute_run
from backend.runs.models import Run, RunMode
from connectors.infor.sandbox.serve import RunningSandbox
from connectors.infor.sandbox.tests.wire import Wire
from connectors.infor.tests.bod_samples import SALES_ORDER
from tests.conftest import WorkflowFactory
from tests.http_to_ferry import ferry_http
from tests.test_ingress_fast_path import deliver

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant() -> Iterator[RunningSandbox]:
    running = RunningSandbox().start()
    yield running
    running.stop()


@pytest.fixture
def wire(tenant: RunningSandbox) -> Iterator[Wire]:
    tenant.world.reset()
    with httpx.Client(timeout=10.0) as http:
        yield Wire(tenant, http)


def bod_document(documents: list[str] | None = None) -> dict[str, Any]:
    config = {} if documents is None else {"documents": documents}
    return {
        "schemaVersion": 1,
        "nodes": [
            {
                "id": "ion",
                "type": "infor.bod.trigger",
                "typeVersion": 1,
                "name": "ION BODs",
                "config": config,
                "position": {"x": 0, "y": 0},
            }
        ],
        "edges": [],
        "settings": {"businessKey": "key"},
    }


def publish(tenant: RunningSandbox, token: str, style: str = "xml") -> dict[str, Any]:
    tenant.world.settings.bod_url = f"http://ferry.test/hooks/{token}"
    tenant.world.settings.bod_style = style
    with ferry_http() as http:
        return tenant.world.publish(http)


def shipped_order(wire: Wire) -> None:
    wire.admin("POST", "stock", {"itno": "SKU-00011", "whlo": "001", "quantity": 5})
    wire.place_order("PS-200", ("SKU-00011", 1))
    wire.advance(3 * 3600)


def test_it_stores_each_published_bod_once_with_its_run(
    wire: Wire, tenant: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(bod_document())
    shipped_order(wire)

    result = publish(tenant, workflow.hook_token)

    assert result["errors"] == []
    assert result["pending"] == 0
    events = InboundEvent.objects.filter(run__workflow=workflow)
    assert events.count() == Run.objects.filter(workflow=workflow).count() >= 3
    kinds = {e.payload["kind"] for e in events}
    assert {"order.status", "order.shipment", "order.invoice"} <= kinds
    for event in events:
        assert event.idempotency_key == event.payload["bodId"]
        assert event.idempotency_key.startswith("infor-nid:FERRY_TST:")
        assert event.run is not None
        assert event.run.mode == RunMode.WEBHOOK


def test_it_answers_a_bod_delivered_again_with_the_first_run(
    wire: Wire, tenant: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(bod_document())
    wire.records("CRS610MI", "ChgBasicData", CUNO="WEB0000009", TOWN="Nice")
    tenant.world.outbox.collect(tenant.world.tenant, tenant.world.settings.bod_logical_id)
    [bod] = list(tenant.world.outbox.pending)

    with ferry_http() as http:
        url = f"/hooks/{workflow.hook_token}"
        headers = {"Content-Type": "application/xml"}
        first = http.post(url, content=bod.xml.encode(), headers=headers)
        again = http.post(url, content=bod.xml.encode(), headers=headers)

    assert first.status_code == 202
    assert (again.status_code, again.json()) == (
        200,
        {"runId": first.json()["runId"], "duplicate": True},
    )
    run = Run.objects.get(workflow=workflow)
    assert run.business_key == "WEB0000009"
    outcome = execute_run(str(run.pk))
    assert outcome is not None
    assert outcome.status == "succeeded", outcome
    [event] = outcome.output
    assert (event["kind"], event["document"]) == ("customer.changed", "Sync.CustomerPartyMaster")


def test_it_reads_the_bod_inside_an_ims_multipart_message(
    wire: Wire, tenant: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(bod_document())
    wire.records("CRS610MI", "ChgBasicData", CUNO="WEB0000009", TOWN="Nice")

    result = publish(tenant, workflow.hook_token, style="ims")

    assert result["errors"] == []
    event = InboundEvent.objects.get(run__workflow=workflow)
    assert event.payload["document"] == "Sync.CustomerPartyMaster"
    assert event.payload["key"] == "WEB0000009"


def test_it_refuses_what_is_not_a_sync_bod_with_a_problem(
    make_workflow: WorkflowFactory,
) -> None:
    workflow = make_workflow(bod_document())

    with ferry_http() as http:
        url = f"/hooks/{workflow.hook_token}"
        broken = http.post(url, content=b"<SyncSalesOrder>", headers={"Content-Type": "text/xml"})
        json_body = http.post(url, json={"kind": "order.status"})

    assert broken.status_code == json_body.status_code == 400
    assert broken.headers["Content-Type"] == "application/problem+json"
    assert not Run.objects.filter(workflow=workflow).exists()


def test_it_ends_the_run_with_no_items_for_documents_not_chosen(
    wire: Wire, tenant: RunningSandbox, make_workflow: WorkflowFactory
) -> None:
    workflow = make_workflow(bod_document(["Sync.Shipment"]))
    wire.records("CRS610MI", "ChgBasicData", CUNO="WEB0000009", TOWN="Nice")
    publish(tenant, workflow.hook_token)

    run = Run.objects.get(workflow=workflow)
    outcome = execute_run(str(run.pk))

    assert outcome is not None
    assert outcome.status == "succeeded"
    assert not outcome.output


@pytest.mark.django_db(transaction=True)
def test_it_takes_bods_through_the_asgi_fast_path_too(make_workflow: WorkflowFactory) -> None:
    token = make_workflow(bod_document()).hook_token
    headers = [(b"content-type", b"application/xml")]

    first = deliver(f"/hooks/{token}", SALES_ORDER.encode(), headers=headers)
    again = deliver(f"/hooks/{token}", SALES_ORDER.encode(), headers=headers)

    assert (first["status"], again["status"]) == (202, 200)
    event = InboundEvent.objects.get()
    assert event.payload["document"] == "Sync.SalesOrder"
    assert event.idempotency_key == event.payload["bodId"]
