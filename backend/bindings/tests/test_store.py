"""The database cross-reference as the engine sees it: unique pairs, queue, rates, tables."""

from __future__ import annotations

from typing import Any

import pytest

from backend.bindings import services
from backend.bindings.models import Binding, StatusTable, UnresolvedValue
from backend.bindings.services import DbBindingStore, resolve
from backend.runs.services import DbRunServices
from workflows.registry import default_registry
from workflows.sdk import NodeError
from workflows.testing import document, edge, node, run_document
from workflows.transforms.status import INFOR_TO_SHOP

pytestmark = pytest.mark.django_db


def test_it_records_a_pair_once_and_finds_it_from_either_side() -> None:
    store = DbBindingStore()
    first = store.record("order", "default", "1001", "0000123456", run_id="run-1")
    again = store.record("order", "default", "1001", "0000123456", run_id="run-2")
    assert first == again
    assert first["sourceRunId"] == "run-1"
    assert store.lookup("order", "default", shop_id="1001") == first
    assert store.lookup("order", "default", infor_id="0000123456") == first
    assert store.lookup("order", "other", shop_id="1001") is None
    assert store.lookup("order", "default") is None


def test_it_refuses_to_bind_either_id_twice() -> None:
    store = DbBindingStore()
    store.record("product", "default", "7", "ITEM-7")
    with pytest.raises(NodeError) as by_shop:
        store.record("product", "default", "7", "ITEM-8")
    with pytest.raises(NodeError) as by_infor:
        store.record("product", "default", "8", "ITEM-7")
    assert by_shop.value.code == by_infor.value.code == "binding.conflict"
    assert by_infor.value.details["existing"]["shopId"] == "7"
    assert Binding.objects.count() == 1


def test_it_keeps_bindings_apart_per_kind_and_scope() -> None:
    store = DbBindingStore()
    store.record("product", "default", "7", "X")
    store.record("combination", "default", "7", "X")
    store.record("product", "shop-2~m3", "7", "X")
    assert Binding.objects.count() == 3


def test_it_counts_unresolved_ids_and_the_runs_that_met_them() -> None:
    store = DbBindingStore()
    store.unresolved("product", "default", "9", run_id="run-1", context={"reference": "r"})
    entry = store.unresolved("product", "default", "9", run_id="run-2")
    assert (entry["count"], entry["runIds"], entry["context"]) == (
        2,
        ["run-1", "run-2"],
        {"reference": "r"},
    )
    assert UnresolvedValue.objects.count() == 1


def test_it_resolves_an_unresolved_id_into_a_binding_and_reopens_it_if_met_again() -> None:
    store = DbBindingStore()
    store.unresolved("product", "default", "ITEM-9", side="infor")
    entry = UnresolvedValue.objects.get()
    binding = resolve(entry, "9")
    assert (binding.shop_id, binding.infor_id) == ("9", "ITEM-9")
    entry.refresh_from_db()
    assert entry.resolved_at is not None
    assert entry.binding == binding
    store.unresolved("product", "default", "ITEM-9", side="infor")
    entry.refresh_from_db()
    assert entry.resolved_at is None


def test_it_stores_rates_and_reads_them_newest_first_up_to_a_date() -> None:
    store = DbBindingStore()
    store.set_rates(
        [
            {"base": "EUR", "quote": "USD", "rate": "1.05", "date": "2026-11-01", "source": "ECB"},
            {"base": "EUR", "quote": "USD", "rate": "1.10", "date": "2026-11-20", "source": "ECB"},
        ]
    )
    store.set_rates([{"base": "EUR", "quote": "USD", "rate": "1.08", "date": "2026-11-20"}])
    assert [r["rate"] for r in store.rates("USD", "EUR")] == ["1.08", "1.05"]
    assert [r["date"] for r in store.rates("EUR", "USD", "2026-11-10")] == ["2026-11-01"]


def test_it_reads_a_status_table_by_name() -> None:
    StatusTable.objects.create(name="mine", table=INFOR_TO_SHOP)
    assert DbBindingStore().status_table("mine") == INFOR_TO_SHOP
    assert DbBindingStore().status_table("missing") is None


def test_it_gives_runs_the_database_store() -> None:
    Binding.objects.create(kind="carrier", scope="default", shop_id="2", infor_id="DHL")
    services = DbRunServices(lambda workflow_id, payload, parent: None)
    flow = document(
        [
            node("start", "core.trigger.manual"),
            node("find", "core.bindings.lookup", {"kind": "carrier", "id": "id_carrier"}),
        ],
        [edge("start", "find")],
    )
    outcome, _, _ = run_document(
        flow,
        {"id_carrier": 2},
        services=services,  # type: ignore[arg-type]
        registry=default_registry(),
    )
    assert outcome.status == "succeeded"
    assert outcome.output[0]["binding"]["inforId"] == "DHL"


def test_it_reports_a_conflict_when_a_concurrent_run_bound_the_id_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The other run's row lands between our look and our insert: the insert hits the unique
    # constraint, and the answer must be the conflict (or the same pair), not a crash.
    Binding.objects.create(kind="customer", scope="default", shop_id="5", infor_id="WEB5")
    real_find = services.find_binding
    calls: list[int] = []

    def blind_first(*args: Any, **kwargs: Any) -> Binding | None:
        calls.append(1)
        return None if len(calls) == 1 else real_find(*args, **kwargs)

    monkeypatch.setattr(services, "find_binding", blind_first)
    with pytest.raises(services.BindingConflict) as raised:
        services.bind("customer", "default", "5", "WEB6")
    assert raised.value.existing.infor_id == "WEB5"
    calls.clear()
    binding, created = services.bind("customer", "default", "5", "WEB5")
    assert (binding.infor_id, created) == ("WEB5", False)


def test_it_closes_queue_entries_that_a_new_binding_answers() -> None:
    store = DbBindingStore()
    store.unresolved("product", "default", "7")
    store.unresolved("product", "default", "ITEM-8", side="infor")
    store.unresolved("product", "other", "7")
    store.record("product", "default", "7", "ITEM-7", run_id="run-3")
    store.record("product", "default", "8", "ITEM-8")
    open_values = UnresolvedValue.objects.filter(resolved_at__isnull=True)
    assert [(e.scope, e.value) for e in open_values] == [("other", "7")]
    closed = UnresolvedValue.objects.get(scope="default", value="7")
    assert closed.binding is not None
    assert closed.binding.infor_id == "ITEM-7"


def test_it_reads_the_rates_needed_to_cross_two_currencies() -> None:
    store = DbBindingStore()
    store.set_rates(
        [
            {"base": "EUR", "quote": "USD", "rate": "1.10", "date": "2026-11-20", "source": "ECB"},
            {"base": "EUR", "quote": "GBP", "rate": "0.85", "date": "2026-11-20", "source": "ECB"},
            {"base": "EUR", "quote": "JPY", "rate": "160", "date": "2026-11-20", "source": "ECB"},
        ]
    )
    assert {r["quote"] for r in store.rates("USD", "GBP")} == {"USD", "GBP"}
