"""Every recorded 8.0 answer through the client: read, classified, and written back unchanged."""

from __future__ import annotations

import re
from typing import Any

import pytest

from connectors.prestashop import errors, parsing, xml_writer
from connectors.prestashop.client import PrestaShopClient, records_of
from connectors.prestashop.tests.recordings import KEYS, Replay, exchanges

MEANINGFUL_CODE = re.compile(r"<code><!\[CDATA\[(\d+)\]\]></code>|\"code\":(\d+)")


def _first_code(body: str) -> int | None:
    codes = [int(a or b) for a, b in MEANINGFUL_CODE.findall(body)]
    meaningful = [c for c in codes if c not in errors.PHP_WARNING_CODES]
    if meaningful:
        return meaningful[0]
    return codes[0] if codes else None


def _element(body: str) -> str | None:
    match = re.search(r"<prestashop[^>]*>\n<([a-z_]+)>\n<([a-z_]+)>", body)
    if match:
        return match.group(2)
    match = re.search(r"<prestashop[^>]*>\n<([a-z_]+)>", body)
    return match.group(1) if match else None


@pytest.mark.parametrize("exchange", exchanges(), ids=lambda e: f"{e['seq']}-{e['name']}")
def test_it_handles_every_recorded_answer(exchange: dict[str, Any]) -> None:
    client = PrestaShopClient(
        "http://shop.test", KEYS["all"], http=Replay(exchange["seq"]).client()
    )
    client.use_query_key = True  # one answer each: no Basic-to-ws_key second request
    answer = exchange["response"]
    body = answer["body"] or ""
    if answer["status"] >= 400:
        with pytest.raises(errors.PrestaShopError) as caught:
            client.request(exchange["request"]["method"], "orders")
        assert caught.value.code == _first_code(body)
        return
    response = client.request(exchange["request"]["method"], "orders")
    if "<api " in body:
        assert parsing.resource_permissions(body)[1]
    elif body and "schema=" not in exchange["request"]["path_and_query"]:
        records = records_of(response)
        if body.startswith("<"):
            _assert_round_trip(body, records)


def _assert_round_trip(body: str, records: list[dict[str, Any]]) -> None:
    element = _element(body)
    assert element is not None
    for record in records:
        if set(record) == {"id"}:
            continue
        written = xml_writer.document(element, record)
        assert parsing.records_from_xml(written) == [record]
