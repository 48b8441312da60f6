"""Bad input ends a run step with one sentence that names the fix (issue point 7)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from connectors.prestashop.sandbox.seed_generated import DEMO_KEY, READONLY_KEY
from connectors.prestashop.sandbox.server import RunningSandbox
from workflows.testing import MemoryServices, document, edge, node, run_document


def failed_step(
    sandbox_url: str, key: str, type_id: str, config: dict[str, Any], item: Any
) -> dict[str, Any]:
    services = MemoryServices(
        credentials={"shop": ("prestashop.shop", {"baseUrl": sandbox_url, "apiKey": key})},
        http=httpx.Client(timeout=5),
    )
    doc = document(
        [
            node("start", "core.trigger.manual"),
            node("act", type_id, config, connection="shop", retry={"maximumAttempts": 1}),
        ],
        [edge("start", "act")],
    )
    outcome, _, _ = run_document(doc, item, services=services)
    assert outcome.status == "failed"
    assert outcome.error is not None
    return outcome.error


def one_sentence(message: str) -> bool:
    head = message.split(" (PrestaShop said:")[0]
    return head.count(". ") == 0 and ":" in head


@pytest.mark.parametrize(
    ("where", "key", "code", "fix"),
    [
        ("/not-a-shop", DEMO_KEY, "prestashop.not_a_shop", "use the shop's home address"),
        ("", "W" * 32, "prestashop.auth", "copy the 32-character key"),
        ("", READONLY_KEY, "prestashop.permission", "tick the missing resource and method"),
    ],
)
def test_it_names_the_fix_for_a_wrong_url_key_or_permission(
    shop_sandbox: RunningSandbox, where: str, key: str, code: str, fix: str
) -> None:
    error = failed_step(
        shop_sandbox.url + where, key, "prestashop.record.search", {"resource": "customers"}, {}
    )
    assert error["code"] == code
    assert fix in error["message"]
    assert one_sentence(error["message"])
    assert error["retryable"] is False


def test_it_names_the_fix_for_a_malformed_product_reference(shop_sandbox: RunningSandbox) -> None:
    error = failed_step(
        shop_sandbox.url,
        DEMO_KEY,
        "prestashop.product.upsert",
        {},
        {"reference": "<b>TEE</b>", "name": "Tee", "price": "9"},
    )
    assert error["field"] == "reference"
    assert "use 1 to 64 characters without < > ; = { }" in error["message"]
    assert one_sentence(error["message"])
