"""Contract: the M3 client against the sandbox's `m3api-rest/v2` over real HTTP."""

from __future__ import annotations

import pytest

from connectors.infor.m3 import M3Client, M3Error, M3Options
from connectors.infor.sandbox.serve import RunningSandbox


def test_it_reads_a_customer(m3: M3Client) -> None:
    record = m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB0000001"}).first()
    assert record["CUNO"] == "WEB0000001"
    assert record["CSCD"] == "FR"


@pytest.mark.parametrize("status", [400, 200])
def test_it_raises_unknown_customer_on_either_status(
    m3: M3Client, sandbox: RunningSandbox, status: int
) -> None:
    sandbox.world.settings.single_error_status = status
    with pytest.raises(M3Error) as caught:
        m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB9999999"})
    assert caught.value.error_code == "WCU0203"
    assert caught.value.error_field == "CUNO"
    assert caught.value.http_status == status


def test_it_names_a_missing_mandatory_field(m3: M3Client) -> None:
    with pytest.raises(M3Error) as caught:
        m3.execute("OIS100MI", "AddBatchHead", {"CUOR": "PS-1"})
    assert caught.value.error_type == "MandatoryInputFieldNotFound"
    assert caught.value.error_field == "CUNO"


def test_it_reports_an_input_longer_than_its_field(m3: M3Client) -> None:
    with pytest.raises(M3Error) as caught:
        m3.execute("CRS610MI", "GetBasicData", {"CUNO": "X" * 11})
    assert caught.value.error_type == "InputFieldTooLong"


def test_it_reports_an_unknown_transaction(m3: M3Client) -> None:
    with pytest.raises(M3Error) as caught:
        m3.execute("CRS610MI", "AddBasicData", {"CUNO": "X"})
    assert caught.value.error_type == "TransactionNotFound"


@pytest.mark.parametrize("syntax", ["query", "matrix"])
def test_it_limits_columns_and_rows_in_both_option_syntaxes(m3: M3Client, syntax: str) -> None:
    options = M3Options(max_records=3, return_columns=("CUNO", "CUNM"), syntax=syntax)  # type: ignore[arg-type]
    records = m3.execute("CRS610MI", "LstByNumber", {}, options).records
    assert len(records) == 3
    assert set(records[0]) == {"CUNO", "CUNM"}


def test_it_keeps_the_padding_when_asked_not_to_trim(m3: M3Client) -> None:
    options = M3Options(right_trim=False, return_columns=("CUNO", "TOWN"))
    record = m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB0000001"}, options).first()
    assert record["TOWN"] == "Lyon".ljust(20)
    trimmed = m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB0000001"}).first()
    assert trimmed["TOWN"] == "Lyon"


def test_it_streams_every_item_when_maxrecs_is_unlimited(m3: M3Client) -> None:
    all_items = list(
        m3.records("MMS200MI", "LstItmByItm", {"ITNO": "SKU"}, M3Options(max_records=0))
    )
    assert len(all_items) >= 300
    default = list(m3.records("MMS200MI", "LstItmByItm", {"ITNO": "SKU"}))
    assert len(default) == 100


def test_it_runs_order_lines_in_one_bulk_call_with_per_line_errors(m3: M3Client) -> None:
    orno = m3.execute("OIS100MI", "AddBatchHead", {"CUNO": "WEB0000002"}).first()["ORNO"]
    results = m3.bulk(
        "OIS100MI",
        [
            ("AddBatchLine", {"ORNO": orno, "ITNO": "SKU-00001", "ORQT": 1}),
            ("AddBatchLine", {"ORNO": "T999999999", "ITNO": "SKU-00002"}),
            ("AddBatchLine", {"ORNO": orno, "ITNO": "SKU-00003", "ORQT": 2}),
        ],
    )
    assert [r.error is None for r in results] == [True, False, True]
    assert results[2].first()["PONR"] == "2"


def test_it_sees_later_transactions_skipped_when_the_tenant_stops_at_an_error(
    m3: M3Client, sandbox: RunningSandbox
) -> None:
    sandbox.world.settings.bulk_stop_on_error = True
    results = m3.bulk(
        "CRS610MI",
        [("GetBasicData", {"CUNO": "NOPE"}), ("GetBasicData", {"CUNO": "WEB0000001"})],
    )
    assert results[0].error is not None
    assert results[1].not_processed


def test_it_is_refused_another_company(m3: M3Client) -> None:
    with pytest.raises(M3Error) as caught:
        m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB0000001"}, M3Options(company="200"))
    assert caught.value.error_code == "XAU0008"


def test_it_reads_envelopes_that_carry_every_key_empty(
    m3: M3Client, sandbox: RunningSandbox
) -> None:
    sandbox.world.settings.full_envelope = True
    assert m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB0000001"}).first()["CUNO"] == (
        "WEB0000001"
    )
    rows = list(m3.records("CRS610MI", "LstByNumber", {}, M3Options(max_records=2)))
    assert len(rows) == 2
    with pytest.raises(M3Error, match="WCU0203"):
        m3.execute("CRS610MI", "GetBasicData", {"CUNO": "NOPE"})
    results = m3.bulk("CRS610MI", [("GetBasicData", {"CUNO": "WEB0000001"})])
    assert results[0].error is None


def test_it_raises_the_error_of_a_list_refused_with_a_400(m3: M3Client) -> None:
    with pytest.raises(M3Error) as caught:
        list(m3.records("OIS100MI", "LstHead", {"CUNO": "NOPE"}))
    assert (caught.value.error_code, caught.value.http_status) == ("WCU0203", 400)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("YMD8", "20260105"),
        ("YMD6", "260105"),
        ("DMY6", "050126"),
        ("YMD8-", "2026-01-05"),
        ("YWD5", "26021"),
    ],
)
def test_it_asks_for_dates_in_the_chosen_format(m3: M3Client, style: str, expected: str) -> None:
    options = M3Options(date_format=style, return_columns=("LMDT",))
    assert m3.execute("CRS610MI", "GetBasicData", {"CUNO": "WEB0000001"}, options).first() == {
        "LMDT": expected
    }
