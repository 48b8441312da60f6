"""The 1.7 profile against real 1.7 samples (read in place, never copied into the project)."""

from __future__ import annotations

import json
import re

import pytest

from connectors.prestashop.sandbox.definitions import profiled
from connectors.prestashop.sandbox.seed_generated import DEMO_KEY, generated_shop
from connectors.prestashop.sandbox.tests.conftest import OTHER_VERSIONS
from connectors.prestashop.sandbox.tests.test_rules import call

CORE = (
    "orders",
    "order_details",
    "order_histories",
    "order_states",
    "order_carriers",
    "order_payments",
    "order_invoices",
    "customers",
    "addresses",
    "countries",
    "states",
    "currencies",
    "products",
    "combinations",
    "stock_availables",
    "carriers",
)


def _records() -> dict[str, dict[str, object]]:
    path = OTHER_VERSIONS / "airbyte-1.7.8" / "expected_records.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return {row["stream"]: row["data"] for row in rows}


@pytest.mark.parametrize("resource", CORE)
def test_it_serves_the_fields_a_1_7_8_shop_has(resource: str) -> None:
    record = _records()[resource]
    fields = profiled(resource, "1.7.8.11", True, True).names
    assert set(fields) == set(record) - {"associations"}


def test_it_types_json_like_a_1_7_shop_on_php_7() -> None:
    record = _records()["orders"]
    shop = generated_shop(profile="1.7")
    served = json.loads(
        call(shop, "GET", "orders?display=full&limit=1&output_format=JSON", DEMO_KEY).body
    )
    ours = served["orders"][0]
    for name in ("id", "id_customer", "current_state", "total_paid"):
        assert type(ours[name]) is type(record[name]), name


def test_it_lists_resources_without_patch_like_the_1_7_docs() -> None:
    lines = (OTHER_VERSIONS / "docs-1.7.x-examples.jsonl").read_text().splitlines()
    example = next(json.loads(x)["text"] for x in lines if "<api shopName" in json.loads(x)["text"])
    documented = re.search(r"<addresses ([^>]*)>", example)
    assert documented is not None
    ours = re.search(
        r"<addresses ([^>]*)>", call(generated_shop(profile="1.7"), "GET", "", DEMO_KEY).body
    )
    assert ours is not None
    names = [re.findall(r'(\w+)="', attrs.group(1)) for attrs in (documented, ours)]
    assert names[0][1:] == names[1][1:]
