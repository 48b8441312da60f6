"""The client's parsers on real 1.6 and 1.7 samples (read in place, never copied)."""

from __future__ import annotations

import json

import httpx

from connectors.prestashop import parsing
from connectors.prestashop.client import records_of
from connectors.prestashop.tests.conftest import OTHER_VERSIONS


def test_it_reads_every_1_6_xml_answer() -> None:
    lines = (OTHER_VERSIONS / "cassettes-1.6.jsonl").read_text("utf-8").splitlines()
    read = 0
    for exchange in map(json.loads, lines):
        answer = exchange["response"]
        body = answer["body"] or ""
        if answer["status"] != 200 or "<api" in body or not body.startswith("<"):
            continue
        records = records_of(httpx.Response(200, text=body))
        assert all(isinstance(r.get("id", 0), int) for r in records), exchange["seq"]
        read += 1
    assert read > 500


def test_it_types_the_string_integers_of_1_7_json_records() -> None:
    lines = (OTHER_VERSIONS / "airbyte-1.7.8" / "expected_records.jsonl").read_text().splitlines()
    address = next(json.loads(x)["data"] for x in lines if json.loads(x)["stream"] == "addresses")
    record = parsing.normalise_record(address)
    assert record["id_country"] == 21
    assert record["postcode"] == "00000"
