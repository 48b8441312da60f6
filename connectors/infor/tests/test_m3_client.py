"""The M3 client on the wire: URLs, both option syntaxes, bulk bodies and streamed lists."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from connectors.infor.m3 import M3Client, M3Error, M3Options
from connectors.infor.tests.samples import (
    CUSTOMER,
    CUSTOMER_NOT_FOUND,
    TOP_LEVEL_400,
    envelope,
    nok,
    ok,
)
from connectors.infor.tests.tenant import ScriptedTenant


def client(tenant: ScriptedTenant, company: str | None = None) -> M3Client:
    return M3Client(tenant.gateway(), company=company)


def test_it_sends_one_transaction_as_a_get_with_the_record_in_the_query() -> None:
    tenant = ScriptedTenant()
    tenant.json("/GetBasicData", CUSTOMER)
    options = M3Options(return_columns=("CUNO", "CUNM"), max_records=5)
    result = client(tenant, company="100").execute(
        "CRS610MI", "GetBasicData", {"CUNO": "WEB0000001", "CUA2": None}, options
    )
    call = tenant.calls("/GetBasicData")[0]
    assert call.method == "GET"
    assert call.url.path == "/FERRY_TST/M3/m3api-rest/v2/execute/CRS610MI/GetBasicData"
    assert dict(call.url.params) == {
        "CUNO": "WEB0000001",
        "cono": "100",
        "maxrecs": "5",
        "returncols": "CUNO,CUNM",
        "righttrim": "true",
    }
    assert result.first()["CUNM"] == "Jane Doe"


def test_it_can_put_the_options_in_matrix_parameters() -> None:
    tenant = ScriptedTenant()
    tenant.json(";righttrim=true", CUSTOMER)
    options = M3Options(max_records=20, return_columns=("CUNO",), syntax="matrix")
    client(tenant).execute("CRS610MI", "LstByNumber", {"CONO": 100}, options)
    call = tenant.requests[-1]
    assert call.url.raw_path.decode() == (
        "/FERRY_TST/M3/m3api-rest/v2/execute/CRS610MI/LstByNumber"
        ";maxrecs=20;returncols=CUNO;righttrim=true?CONO=100"
    )


def test_it_raises_the_error_of_a_200_envelope() -> None:
    tenant = ScriptedTenant()
    tenant.json("/GetBasicData", CUSTOMER_NOT_FOUND)
    with pytest.raises(M3Error) as caught:
        client(tenant).execute("CRS610MI", "GetBasicData", {"CUNO": "WEB9999999"})
    assert caught.value.error_code == "WCU0203"


def test_it_raises_the_error_of_a_400_envelope() -> None:
    tenant = ScriptedTenant()
    tenant.json("/GetBasicData", TOP_LEVEL_400, status=400)
    with pytest.raises(M3Error) as caught:
        client(tenant).execute("CRS610MI", "GetBasicData", {"CUNO": "?"})
    assert caught.value.error_code == "XIM0002"


def test_it_posts_many_transactions_of_one_program_in_one_bulk_call() -> None:
    tenant = ScriptedTenant()
    tenant.json(
        "/m3api-rest/v2/execute",
        envelope(ok("AddBatchLine", {"PONR": "1"}), nok("AddBatchLine", "No item", "X", "ITNO")),
    )
    results = client(tenant, company="100").bulk(
        "OIS100MI",
        [
            ("AddBatchLine", {"ORNO": "T1", "ITNO": "A", "ORQT": 2}),
            ("AddBatchLine", {"ORNO": "T1"}),
        ],
        M3Options(max_records=0),
    )
    call = tenant.requests[-1]
    assert call.method == "POST"
    assert dict(call.url.params) == {"cono": "100", "maxrecs": "0", "righttrim": "true"}
    assert tenant.body(call) == {
        "program": "OIS100MI",
        "cono": 100,
        "transactions": [
            {"transaction": "AddBatchLine", "record": {"ORNO": "T1", "ITNO": "A", "ORQT": "2"}},
            {"transaction": "AddBatchLine", "record": {"ORNO": "T1"}},
        ],
    }
    assert results[0].first() == {"PONR": "1"}
    assert results[1].error is not None
    assert results[1].error.error_field == "ITNO"


def test_it_streams_the_records_of_a_list() -> None:
    rows = [{"ITNO": f"SKU-{n:05d}   ", "ITDS": f"Item {n}"} for n in range(1, 51)]
    text = json.dumps(envelope(ok("LstItmByItm", *rows)))
    sent: list[int] = []

    def pieces() -> Iterator[bytes]:
        for i in range(0, len(text), 7):
            sent.append(i)
            yield text[i : i + 7].encode()

    tenant = ScriptedTenant()
    tenant.answer("/LstItmByItm", lambda request: httpx.Response(200, content=pieces()))
    records = client(tenant).records("MMS200MI", "LstItmByItm", {"ITNO": "SKU"})
    assert next(records) == {"ITNO": "SKU-00001", "ITDS": "Item 1"}
    assert len(sent) < len(text) // 7 / 2
    assert len(list(records)) == 49


def test_it_raises_an_error_that_follows_the_streamed_rows() -> None:
    body = {
        "results": [
            {
                "transaction": "LstByNumber",
                "records": [{"CUNO": "A"}],
                "errorMessage": "Cut short",
                "errorCode": "XMX0001",
                "errorType": "ServerReturnedNOK",
            }
        ],
        "wasTerminated": False,
    }
    tenant = ScriptedTenant()
    tenant.json("/LstByNumber", body)
    records = client(tenant).records("CRS610MI", "LstByNumber")
    assert next(records) == {"CUNO": "A"}
    with pytest.raises(M3Error, match="Cut short"):
        next(records)


def test_it_rejects_a_program_name_that_is_not_one() -> None:
    with pytest.raises(ValueError, match="not an M3 program"):
        client(ScriptedTenant()).execute("../admin", "Get")
